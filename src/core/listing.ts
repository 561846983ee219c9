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

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * A {@link Listing} over `fetchPage`, starting at `first`. A page without items ends the listing (and is not
 * yielded); a `next` cursor equal to the current one ends it too, so a server that repeats itself cannot loop forever.
 * The iterators are plain objects rather than async generators: a listing is often read for one page, and a generator
 * costs several promise hops per step.
 */
export function createListing<Item, Page, Cursor>(
  first: Cursor,
  fetchPage: (cursor: Cursor) => Promise<FetchedPage<Item, Page, Cursor>>,
): Listing<Item, Page> {
  /** The pages one by one; `undefined` after the last. */
  function pageReader(): () => Promise<FetchedPage<Item, Page, Cursor> | undefined> {
    let cursor: Cursor | undefined = first;
    return async () => {
      if (cursor === undefined) {
        return undefined;
      }
      const fetched = await fetchPage(cursor);
      if (fetched.items.length === 0) {
        cursor = undefined;
        return undefined;
      }
      cursor = fetched.next === cursor ? undefined : fetched.next;
      return fetched;
    };
  }

  return {
    pages() {
      const read = pageReader();
      let finished = false;
      const iterator: AsyncIterableIterator<Page> = {
        async next() {
          const fetched = finished ? undefined : await read();
          if (fetched === undefined) {
            finished = true;
            return DONE;
          }
          return { done: false, value: fetched.page };
        },
        async return() {
          finished = true;
          return DONE;
        },
        [Symbol.asyncIterator]() {
          return iterator;
        },
      };
      return iterator;
    },
    [Symbol.asyncIterator]() {
      const read = pageReader();
      let items: readonly Item[] = [];
      let index = 0;
      let finished = false;
      return {
        async next(): Promise<IteratorResult<Item, undefined>> {
          while (!finished && index >= items.length) {
            const fetched = await read();
            if (fetched === undefined) {
              finished = true;
            } else {
              items = fetched.items;
              index = 0;
            }
          }
          if (finished) {
            return DONE;
          }
          return { done: false, value: items[index++] as Item };
        },
        async return(): Promise<IteratorResult<Item, undefined>> {
          finished = true;
          return DONE;
        },
      };
    },
  };
}
