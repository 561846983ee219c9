import type { components } from "../../../generated/schema.ts";
import type { MockContext } from "../runtime/types.ts";
import { type CumulocityPrincipal, canReadAll } from "./auth.ts";
import { CUMULOCITY_MEDIA_TYPES, jsonResponse } from "./responses.ts";
import { type CumulocityStore, managedObject, type StoredBinary } from "./store.ts";

/*
 * `GET /inventory/binaries`: filters, paging and the links to other pages.
 */

/** Largest page the server answers; a larger `pageSize` is trimmed to it, not rejected. */
const MAX_PAGE_SIZE = 2000;

function decodedName(pair: string): string {
  const name = pair.split("=")[0] ?? "";
  try {
    return decodeURIComponent(name.replaceAll("+", " "));
  } catch {
    return name;
  }
}

/**
 * The URL of another page of a list: the request's own query, every other parameter kept byte for byte (so
 * `ids=1,2` stays comma-joined), `pageSize` set to the page size actually used and `currentPage` to the page. Each
 * replaces the parameter where it stood (repeats dropped) or is appended, which gives the document's
 * `?pageSize=5&withTotalPages=true&currentPage=1`.
 */
function pageUrl(url: URL, values: { pageSize: number; currentPage: number }): string {
  const pairs = url.search
    .slice(1)
    .split("&")
    .filter((pair) => pair !== "");
  for (const [name, value] of Object.entries(values)) {
    const replacement = `${name}=${value}`;
    const first = pairs.findIndex((pair) => decodedName(pair) === name);
    if (first === -1) {
      pairs.push(replacement);
      continue;
    }
    pairs[first] = replacement;
    for (let index = pairs.length - 1; index > first; index--) {
      if (decodedName(pairs[index] ?? "") === name) {
        pairs.splice(index, 1);
      }
    }
  }
  return `${url.origin}${url.pathname}?${pairs.join("&")}`;
}

type CumulocityBinaryCollection = components["schemas"]["CumulocityBinaryCollection"];
type CumulocityPageStatistics = components["schemas"]["CumulocityPageStatistics"];

const CHILD_FILTERS = ["childAdditionId", "childAssetId", "childDeviceId"] as const;

// The dispatcher has already checked every parameter against the document (integers >= 1, booleans, ids items).
function filters(query: URLSearchParams): ((binary: StoredBinary) => boolean)[] {
  const found: ((binary: StoredBinary) => boolean)[] = [];
  if (query.has("ids")) {
    const ids = new Set(query.getAll("ids").flatMap((value) => value.split(",")));
    found.push((binary) => ids.has(binary.id));
  }
  const type = query.get("type");
  if (type !== null) {
    found.push((binary) => binary.type === type);
  }
  const owner = query.get("owner");
  if (owner !== null) {
    found.push((binary) => binary.owner === owner);
  }
  const text = query.get("text");
  if (text !== null) {
    // The properties current servers compare; the mock's binaries have no external IDs.
    found.push((binary) => [binary.id, binary.type, binary.name, binary.owner].includes(text));
  }
  // The mock's binaries are never parents of other managed objects, so a child filter matches none of them.
  if (CHILD_FILTERS.some((name) => query.has(name))) {
    found.push(() => false);
  }
  return found;
}

/**
 * `GET /inventory/binaries`: one page of the visible binaries, by ID ascending. A user without a read role sees
 * only the binaries it owns, and gets `null` totals, as the document describes. `next` is present whenever the page
 * is full, because the server does not count: the last full page leads to an empty one.
 */
export function listBinaries(store: CumulocityStore, context: MockContext<CumulocityPrincipal>): Response {
  const { query, principal, url } = context;
  const currentPage = Number(query.get("currentPage") ?? 1);
  const pageSize = Math.min(Number(query.get("pageSize") ?? 5), MAX_PAGE_SIZE);
  const readsAll = principal !== undefined && canReadAll(principal);
  const accepted = filters(query);
  const visible = store
    .all()
    .filter((binary) => readsAll || binary.owner === principal?.user)
    .filter((binary) => accepted.every((accepts) => accepts(binary)));
  const offset = (currentPage - 1) * pageSize;
  const page = visible.slice(offset, offset + pageSize);

  const statistics: CumulocityPageStatistics = { currentPage, pageSize };
  if (query.get("withTotalPages") === "true") {
    statistics.totalPages = readsAll ? Math.ceil(visible.length / pageSize) : null;
  }
  if (query.get("withTotalElements") === "true") {
    statistics.totalElements = readsAll ? visible.length : null;
  }
  const body: CumulocityBinaryCollection = {
    self: pageUrl(url, { pageSize, currentPage }),
    managedObjects: page.map((binary) => managedObject(binary, url.origin)),
    statistics,
  };
  if (currentPage > 1) {
    body.prev = pageUrl(url, { pageSize, currentPage: currentPage - 1 });
  }
  if (page.length === pageSize) {
    body.next = pageUrl(url, { pageSize, currentPage: currentPage + 1 });
  }
  return jsonResponse(body, {
    status: 200,
    accept: context.headers.get("accept"),
    vendorType: CUMULOCITY_MEDIA_TYPES.managedObjectCollection,
  });
}
