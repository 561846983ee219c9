/**
 * A listing: `for await` over it yields every item, page after page, each page fetched when the loop reaches it;
 * `pages()` yields the pages themselves (with their totals and links). Nothing is requested until iteration starts,
 * and breaking out of a loop stops the requests. Every client's listings are these.
 *
 * @example
 * for await (const binary of c8y.list({ type: "image/png" })) console.log(binary.name);
 * for await (const page of c8y.list({ pageSize: 50 }).pages()) console.log(page.statistics.currentPage);
 */
export interface Listing<Item, Page> extends AsyncIterable<Item> {
  /** The pages, from the first one asked for, fetched one at a time as the loop asks for them. */
  pages(): AsyncIterableIterator<Page>;
}

/** One fetched page: the page as the API answered it, its items, and how to ask for the next one. */
export interface FetchedPage<Item, Page, Cursor> {
  page: Page;
  items: readonly Item[];
  /** The cursor of the next page, or `undefined` after the last one. */
  next: Cursor | undefined;
}

/**
 * A {@link Listing} over `fetchPage`, starting at `first`. A page without items ends the listing (and is not
 * yielded); a `next` cursor equal to the current one ends it too, so a server that repeats itself cannot loop forever.
 */
export function createListing<Item, Page, Cursor>(
  first: Cursor,
  fetchPage: (cursor: Cursor) => Promise<FetchedPage<Item, Page, Cursor>>,
): Listing<Item, Page> {
  async function* fetchAll(): AsyncGenerator<FetchedPage<Item, Page, Cursor>, void, undefined> {
    let cursor: Cursor | undefined = first;
    while (cursor !== undefined) {
      const fetched: FetchedPage<Item, Page, Cursor> = await fetchPage(cursor);
      if (fetched.items.length === 0) {
        return;
      }
      yield fetched;
      cursor = fetched.next === cursor ? undefined : fetched.next;
    }
  }
  return {
    async *pages() {
      for await (const fetched of fetchAll()) {
        yield fetched.page;
      }
    },
    async *[Symbol.asyncIterator]() {
      for await (const fetched of fetchAll()) {
        yield* fetched.items;
      }
    },
  };
}
