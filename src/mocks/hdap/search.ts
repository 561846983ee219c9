import type { components } from "../../../generated/schema.ts";
import { decodeBase64, encodeBase64 } from "../../binary/base64.ts";
import { isProblem } from "../runtime/types.ts";
import { readAccessProblem } from "./auth.ts";
import {
  entryAnswer,
  entryView,
  type FieldSelection,
  type HdapContext,
  type HdapProblem,
  hdapProblem,
  jsonResponse,
  noSuchEntry,
  parseFields,
  requestDn,
  revisionListed,
} from "./common-rest.ts";
import { formatLdapDn } from "./dn.ts";
import type { HdapState } from "./index.ts";
import { compareForSort } from "./matching.ts";
import {
  evaluateFilter,
  parseQueryFilter,
  type QueryFilter,
  QueryFilterSyntaxError,
  unsupportedFilterPart,
} from "./query-filter.ts";
import { type AttributeType, type AttributeValue, attributeType } from "./schema.ts";
import type { StoredEntry } from "./store.ts";

/*
 * `GET /hdap/{dnPath}`: read one entry, or query below it (scope, filter, `_sortKeys`, paging cookies, counts).
 */

/** One `_sortKeys` key. */
interface SortKey {
  field: string;
  descending: boolean;
}

/** Parses `_sortKeys` (`sn,-givenName`, `+` or `-` prefixes, fields as names or JSON pointers), or `undefined` if malformed. */
function parseSortKeys(raw: string): SortKey[] | undefined {
  const keys: SortKey[] = [];
  for (const part of raw.split(",")) {
    const trimmed = part.trim();
    const descending = trimmed.startsWith("-");
    const field = trimmed.replace(/^[+-]/, "").replace(/^\//, "");
    if (field === "" || field.includes("/")) {
      return undefined;
    }
    keys.push({ field, descending });
  }
  return keys;
}

// Ascending takes an entry's smallest value, descending its largest; entries without the attribute come last either
// way, as LDAP's server-side sort (RFC 2891) treats a missing value as larger than any other.
function sortValue(entry: StoredEntry, key: SortKey, type: AttributeType): AttributeValue | undefined {
  if (key.field === "_id") {
    return formatLdapDn(entry.dn);
  }
  const values = type.syntax === "password" ? [] : [...(entry.attributes.get(type.key)?.values ?? [])];
  values.sort((a, b) => compareForSort(type, a, b));
  return key.descending ? values.at(-1) : values[0];
}

/** Sorts entries by the keys, stably (ties keep store order). */
function sortEntries(entries: StoredEntry[], keys: SortKey[]): StoredEntry[] {
  // `_id` sorts as the LDAP DN string, ignoring case like any directory string (cn's rules).
  const types = keys.map((key) => (key.field === "_id" ? attributeType("cn") : attributeType(key.field)));
  return entries.toSorted((a, b) => {
    for (const [index, key] of keys.entries()) {
      const type = types[index] ?? attributeType(key.field);
      const [left, right] = [sortValue(a, key, type), sortValue(b, key, type)];
      if (left === undefined || right === undefined) {
        if (left !== right) {
          return left === undefined ? 1 : -1;
        }
        continue;
      }
      const order = compareForSort(type, left, right);
      if (order !== 0) {
        return key.descending ? -order : order;
      }
    }
    return 0;
  });
}

/**
 * The opaque `pagedResultsCookie`: the offset of the next page as 8 big-endian bytes in base64, which looks like DS's
 * cookies (`AAAAAAAAABE=`). Clients must not read it; the mock only needs to find its place again.
 */
function encodePagedResultsCookie(offset: number): string {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(offset));
  return encodeBase64(bytes);
}

/** The offset a cookie of {@link encodePagedResultsCookie} carries, or `undefined` for anything else. */
function decodePagedResultsCookie(cookie: string): number | undefined {
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(cookie);
  } catch {
    return undefined;
  }
  if (bytes.byteLength !== 8) {
    return undefined;
  }
  const offset = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0);
  return offset <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(offset) : undefined;
}

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
function compileFilter(text: string): QueryFilter | HdapProblem {
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
function search(
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

/**
 * `GET /hdap/{dnPath}` (hdapReadOrQuery): without `_queryFilter` it reads the entry (`304` when `If-None-Match` names
 * its revision); with it, it queries below the entry and answers the `result` envelope. Both need the entry at the
 * path to exist (`404`).
 */
export function readOrQuery(state: HdapState, context: HdapContext): Response | HdapProblem {
  const denied = readAccessProblem(state, context.principal);
  if (denied) {
    return denied;
  }
  const dn = requestDn(context);
  if (isProblem(dn)) {
    return dn;
  }
  const entry = state.store.get(dn);
  if (!entry) {
    return noSuchEntry(dn);
  }
  if (context.query.has("_queryFilter")) {
    const result = search(state, entry, context.query, parseFields(context.query));
    return isProblem(result) ? result : jsonResponse(context.url, 200, result);
  }
  const ifNoneMatch = context.headers.get("if-none-match");
  if (ifNoneMatch !== null && revisionListed(ifNoneMatch, entry.rev)) {
    return new Response(null, { status: 304 });
  }
  return entryAnswer(state, context, entry);
}
