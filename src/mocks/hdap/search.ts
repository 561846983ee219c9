import type { components } from "../../../generated/schema.ts";
import { isProblem } from "../runtime/types.ts";
import { entryView, type FieldSelection } from "./entry-view.ts";
import { type HdapProblem, hdapProblem } from "./errors.ts";
import { evaluateFilter, unsupportedFilterPart } from "./filter-evaluation.ts";
import { decodePagedResultsCookie, encodePagedResultsCookie } from "./paged-results-cookie.ts";
import { parseQueryFilter, type QueryFilter, QueryFilterSyntaxError } from "./query-filter.ts";
import { parseSortKeys, sortEntries } from "./sort-keys.ts";
import type { HdapState } from "./state.ts";
import type { StoredEntry } from "./store.ts";

type HdapQueryResult = components["schemas"]["HdapQueryResult"];
type TotalPolicy = components["schemas"]["HdapTotalPagedResultsPolicy"];

function filterProblem(text: string, reason: string, position?: number): HdapProblem {
  const shown = text.length > 200 ? `${text.slice(0, 200)}...` : text;
  const where = position === undefined ? "" : ` (at position ${position})`;
  return hdapProblem(
    400,
    `The value '${shown}' for parameter '_queryFilter' could not be parsed as a valid query filter: ${reason}${where}`,
  );
}

/** Parses and checks `_queryFilter`, or answers the 400 HDAP gives for a filter it cannot run. */
export function compileFilter(text: string): QueryFilter | HdapProblem {
  let filter: QueryFilter;
  try {
    filter = parseQueryFilter(text);
  } catch (error) {
    if (error instanceof QueryFilterSyntaxError) {
      return filterProblem(text, error.message, error.position);
    }
    throw error;
  }
  const unsupported = unsupportedFilterPart(filter);
  return unsupported === undefined ? filter : filterProblem(text, unsupported);
}

function inScope(state: HdapState, base: StoredEntry, scope: string): StoredEntry[] {
  switch (scope) {
    case "base":
      return [base];
    case "sub":
      return [base, ...state.store.below(base.dn)];
    case "subordinates":
      return state.store.below(base.dn);
    default:
      return state.store.children(base.dn);
  }
}

/**
 * Runs a query below `base` as HDAP does: the entries in `scope` (default `one`) that the filter selects, sorted by
 * `_sortKeys`, one page of `_pageSize` from the `_pagedResultsCookie` on, counted when `_totalPagedResultsPolicy`
 * asks and there is paging. More entries than the size limit in one answer give `413`.
 */
export function search(
  state: HdapState,
  base: StoredEntry,
  query: URLSearchParams,
  fields: FieldSelection,
): HdapQueryResult | HdapProblem {
  const filter = compileFilter(query.get("_queryFilter") ?? "");
  if (isProblem(filter)) {
    return filter;
  }
  const sortKeysText = query.get("_sortKeys");
  const sortKeys = sortKeysText === null ? [] : parseSortKeys(sortKeysText);
  if (sortKeys === undefined) {
    return hdapProblem(400, `The value '${sortKeysText}' for parameter '_sortKeys' is not a list of sort keys`);
  }
  const matches = sortEntries(
    inScope(state, base, query.get("scope") ?? "one").filter((entry) => evaluateFilter(filter, entry) === true),
    sortKeys,
  );
  const pageSize = Number(query.get("_pageSize") ?? "0");
  let offset = 0;
  const cookie = query.get("_pagedResultsCookie");
  if (pageSize > 0 && cookie !== null) {
    const decoded = decodePagedResultsCookie(cookie);
    if (decoded === undefined) {
      return hdapProblem(400, "The value of parameter '_pagedResultsCookie' is not a cookie this server issued");
    }
    offset = decoded;
  }
  const page = pageSize > 0 ? matches.slice(offset, offset + pageSize) : matches;
  if (page.length > state.options.sizeLimit) {
    return hdapProblem(
      413,
      `Size Limit Exceeded: This search operation has sent the maximum of ${state.options.sizeLimit} entries to the client`,
    );
  }
  const next = offset + page.length;
  const policy = (query.get("_totalPagedResultsPolicy") ?? "NONE") as TotalPolicy;
  return {
    result: page.map((entry) => entryView(entry, fields, state.store.children(entry.dn).length)),
    resultCount: page.length,
    pagedResultsCookie: pageSize > 0 && next < matches.length ? encodePagedResultsCookie(next) : null,
    totalPagedResultsPolicy: policy,
    totalPagedResults: policy !== "NONE" && pageSize > 0 ? matches.length : -1,
    remainingPagedResults: -1,
  };
}
