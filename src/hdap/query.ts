import { InvalidInputError } from "../binary/invalid-input-error.ts";
import { commaList, type HdapCallOptions, type HdapCore, requestInit, withoutUndefined } from "./call-options.ts";
import { entryPath, type HdapEntryRef } from "./entry-ref.ts";
import type { HdapEntry, HdapQueryResult, HdapScope, HdapTotalPagedResultsPolicy } from "./types.ts";

/** Options of `query`. */
export interface HdapQueryOptions extends HdapCallOptions {
  /**
   * Common REST filter (`_queryFilter`), e.g. `sn eq "Jensen"` or `photo pr`; quote values as JSON strings.
   * @default "true" (every entry in scope)
   */
  filter?: string | undefined;
  /** Which entries relative to the base: `base`, `one`, `sub` or `subordinates`. @default "one" (the server's) */
  scope?: HdapScope | undefined;
  /** Entries per page (`_pageSize`); without it the server answers everything in one page. */
  pageSize?: number | undefined;
  /** Attributes each entry shows (`_fields`). @default every user attribute */
  fields?: readonly string[] | undefined;
  /** Sort keys (`_sortKeys`): attribute names, `-name` for descending. */
  sortKeys?: readonly string[] | undefined;
  /** Whether the server counts all matches in `totalPagedResults`. @default "NONE" (the server's) */
  totalPagedResultsPolicy?: HdapTotalPagedResultsPolicy | undefined;
  /** Start from this `pagedResultsCookie` of an earlier page instead of the first page. */
  pagedResultsCookie?: string | undefined;
}

/**
 * One page of a query: the server's envelope (`result`, `resultCount`, `pagedResultsCookie`, ...) plus navigation.
 * Iterating it with `for await` yields the entries of this page and of every following page, fetching them one page
 * at a time.
 */
export interface HdapQueryPage extends HdapQueryResult, AsyncIterable<HdapEntry> {
  /** The next page (same query, this page's cookie), or `undefined` after the last page. */
  nextPage(): Promise<HdapQueryPage | undefined>;
  /** This page and every following one, fetched as the loop asks for them. */
  pages(): AsyncIterable<HdapQueryPage>;
}

function isQueryResult(data: unknown): data is HdapQueryResult {
  return typeof data === "object" && data !== null && Array.isArray(Reflect.get(data, "result"));
}

/** `GET {base}?_queryFilter=...`: the first page (or the page of `options.pagedResultsCookie`). */
export async function queryEntries(
  core: HdapCore,
  base: HdapEntryRef,
  options: HdapQueryOptions = {},
): Promise<HdapQueryPage> {
  const dnPath = entryPath(base);
  if (options.pageSize !== undefined && (!Number.isSafeInteger(options.pageSize) || options.pageSize < 1)) {
    throw new InvalidInputError(
      "INVALID_PAGE_SIZE",
      `The page size must be a positive integer; got ${options.pageSize}.`,
    );
  }
  const fixed = withoutUndefined({
    _queryFilter: options.filter ?? "true",
    scope: options.scope,
    _pageSize: options.pageSize,
    _fields: commaList(options.fields),
    _sortKeys: commaList(options.sortKeys),
    _totalPagedResultsPolicy: options.totalPagedResultsPolicy,
  });

  async function fetchPage(cookie: string | undefined): Promise<HdapQueryPage> {
    const result = await core.raw.GET("/hdap/{dnPath}", {
      params: { path: { dnPath }, query: { ...fixed, ...withoutUndefined({ _pagedResultsCookie: cookie }) } },
      ...requestInit(core, options),
    });
    const data = core.expectData(result);
    if (!isQueryResult(data)) {
      throw new InvalidInputError("INVALID_RESPONSE", "The answer to an HDAP query has no result array.");
    }
    return toPage(data, cookie);
  }

  function toPage(data: HdapQueryResult, usedCookie: string | undefined): HdapQueryPage {
    const cookie = data.pagedResultsCookie;
    // Without paging the server sends no cookie; a cookie equal to the one just used would loop forever.
    const hasNext = typeof cookie === "string" && cookie !== "" && cookie !== usedCookie;
    const nextPage = () => (hasNext ? fetchPage(cookie) : Promise.resolve(undefined));
    async function* pages(): AsyncGenerator<HdapQueryPage> {
      let page: HdapQueryPage | undefined = self;
      while (page !== undefined) {
        yield page;
        page = await page.nextPage();
      }
    }
    const self: HdapQueryPage = {
      ...data,
      nextPage,
      pages,
      async *[Symbol.asyncIterator]() {
        for await (const page of pages()) {
          yield* page.result;
        }
      },
    };
    return self;
  }

  return fetchPage(options.pagedResultsCookie);
}
