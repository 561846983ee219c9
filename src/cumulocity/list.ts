import { callInit } from "../core/call-init.ts";
import type { CumulocityContext } from "./context.ts";
import { ACCEPT_COLLECTION } from "./media-types.ts";
import type { CumulocityListOptions } from "./request-options.ts";
import type { CumulocityBinary, CumulocityBinaryCollection, CumulocityListQuery } from "./types.ts";

/**
 * Page size `pages()` and `iterate()` ask for when the query sets none: the server's own default of 5 would cost one
 * request per 5 binaries.
 */
export const DEFAULT_ITERATION_PAGE_SIZE = 100;

/** Reads one page (`cumulocityListBinaries`); `ids` goes out comma-joined. Retried by the transport like any GET. */
export async function listBinaries(
  context: CumulocityContext,
  query: CumulocityListQuery = {},
  options: CumulocityListOptions = {},
): Promise<CumulocityBinaryCollection> {
  const result = await context.core.raw.GET("/inventory/binaries", {
    params: { query },
    ...callInit(context.core, options),
    headers: { Accept: ACCEPT_COLLECTION, ...options.headers },
  });
  return context.core.expectData(result);
}

/**
 * Yields the pages of a list from `query.currentPage` (default 1) on, asking for the next page number each time with
 * the same filters. It stops after a page with fewer objects than its `statistics.pageSize` (the server's, after it
 * trimmed the request to 2000), after a page without `next`, and at an empty page, which it does not yield: Cumulocity
 * sends `next` even on the last full page, which leads to an empty one.
 */
export async function* listPages(
  context: CumulocityContext,
  query: CumulocityListQuery = {},
  options: CumulocityListOptions = {},
): AsyncGenerator<CumulocityBinaryCollection, void, undefined> {
  const pageSize = query.pageSize ?? DEFAULT_ITERATION_PAGE_SIZE;
  // Counted here rather than taken from statistics.currentPage, so a server that repeats a page cannot loop forever.
  for (let currentPage = query.currentPage ?? 1; ; currentPage++) {
    const page = await listBinaries(context, { ...query, pageSize, currentPage }, options);
    const count = page.managedObjects.length;
    if (count === 0) {
      return;
    }
    yield page;
    if (count < page.statistics.pageSize || page.next === undefined) {
      return;
    }
  }
}

/** Yields every binary of a list, page after page (see {@link listPages} for when it stops). */
export async function* listAll(
  context: CumulocityContext,
  query: CumulocityListQuery = {},
  options: CumulocityListOptions = {},
): AsyncGenerator<CumulocityBinary, void, undefined> {
  for await (const page of listPages(context, query, options)) {
    yield* page.managedObjects;
  }
}
