import type { components } from "../../../generated/schema.ts";
import type { MockContext, Problem, ProblemKind } from "../runtime/types.ts";
import type { HdapPrincipal } from "./auth.ts";
import { type Dn, DnSyntaxError, formatLdapDn, parseIdDn, parsePathDn } from "./dn.ts";
import type { HdapState } from "./index.ts";
import { type AttributeValue, attributeType } from "./schema.ts";
import type { StoredEntry } from "./store.ts";

/*
 * The Common REST conventions every HDAP operation follows: JSON answers (`_prettyPrint`), the `HdapError` body, the
 * DN of the path or of a body, query flags, revisions and conditional headers, and `_fields`.
 */

/**
 * JSON indented the way DS prints it with `_prettyPrint=true` (Jackson's default pretty printer): two spaces per
 * object level, `" : "` between name and value, arrays on one line (`[ "a", "b" ]`), objects inside arrays opened on
 * the same line (`[ {`). The seed's read output is in this form.
 *
 * @example
 * prettyJson({ _id: "uid=admin", cn: ["Admin"] }); // '{\n  "_id" : "uid=admin",\n  "cn" : [ "Admin" ]\n}'
 */
export function prettyJson(value: unknown): string {
  return prettyValue(value, 0);
}

function prettyValue(value: unknown, level: number): string {
  if (Array.isArray(value)) {
    return value.length === 0 ? "[ ]" : `[ ${value.map((item) => prettyValue(item, level)).join(", ")} ]`;
  }
  if (typeof value === "object" && value !== null) {
    const members = Object.entries(value).filter(([, member]) => member !== undefined);
    if (members.length === 0) {
      return "{ }";
    }
    const indent = "  ".repeat(level + 1);
    const body = members.map(
      ([name, member]) => `${indent}${JSON.stringify(name)} : ${prettyValue(member, level + 1)}`,
    );
    return `{\n${body.join(",\n")}\n${"  ".repeat(level)}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** A JSON answer as DS sends it: `application/json; charset=UTF-8`, indented when the URL says `_prettyPrint=true`. */
export function jsonResponse(url: URL, status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const text = url.searchParams.get("_prettyPrint") === "true" ? prettyJson(body) : JSON.stringify(body);
  return new Response(text, { status, headers: { ...headers, "content-type": "application/json; charset=UTF-8" } });
}

type HdapError = components["schemas"]["HdapError"];

/** A problem with the optional structured `detail` of the Common REST error body (password quality advice). */
export interface HdapProblem extends Problem {
  detail?: Record<string, unknown>;
}

// Common REST's reason phrases (ResourceException); 413 keeps the old HTTP wording DS uses.
const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  412: "Precondition Failed",
  413: "Request Entity Too Large",
  415: "Unsupported Media Type",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

const KINDS: Record<number, ProblemKind> = {
  400: "bad-request",
  401: "unauthorized",
  403: "forbidden",
  404: "not-found",
  412: "precondition-failed",
  413: "payload-too-large",
};

/** A problem for an HDAP status; `message` follows DS's `<LDAP result>: <diagnostic>` style where one applies. */
export function hdapProblem(status: number, message: string, detail?: Record<string, unknown>): HdapProblem {
  const problem: HdapProblem = { status, kind: KINDS[status] ?? "internal", message };
  if (detail) {
    problem.detail = detail;
  }
  return problem;
}

// The document declares no 415 for HDAP (no HDAP page shows one), so a body of another media type is a 400, which is
// what Common REST answers for a body it cannot read.
function finalStatus(problem: Problem): number {
  return problem.kind === "unsupported-media-type" ? 400 : problem.status;
}

/** Renders a problem as the Common REST `HdapError` body, `code` repeating the status; honours `_prettyPrint`. */
export function renderHdapProblem(problem: Problem, context: { request: Request }): Response {
  const status = finalStatus(problem);
  const body: HdapError = { code: status, reason: REASONS[status] ?? "Error", message: problem.message };
  const detail = (problem as HdapProblem).detail;
  if (detail) {
    body.detail = detail;
  }
  return jsonResponse(new URL(context.request.url), status, body, problem.headers);
}

/** The context every HDAP operation gets. */
export type HdapContext = MockContext<HdapPrincipal>;

function invalidDn(error: unknown, where: string): HdapProblem {
  if (error instanceof DnSyntaxError) {
    return hdapProblem(400, `Invalid DN Syntax: ${where} is not a valid DN path. ${error.message}`);
  }
  throw error;
}

/** The DN the request path names (`/hdap/{dnPath}`), or `400 Invalid DN Syntax`. */
export function requestDn(context: HdapContext): Dn | HdapProblem {
  try {
    return parsePathDn(context.rawParams["dnPath"] ?? "");
  } catch (error) {
    return invalidDn(error, "The request path");
  }
}

/** A DN given as an HDAP identifier in a body (`_id`, `newId`), or `400 Invalid DN Syntax`. */
export function bodyDn(id: string, field: string): Dn | HdapProblem {
  try {
    return parseIdDn(id);
  } catch (error) {
    return invalidDn(error, `The ${field} "${id.length > 120 ? `${id.slice(0, 120)}...` : id}"`);
  }
}

/** True when a boolean query parameter is `true` (the dispatcher already refused other values). */
export function queryFlag(context: HdapContext, name: string): boolean {
  return context.query.get(name) === "true";
}

/** The JSON object the request body must be, or a `400`. */
export function bodyObject(context: HdapContext, what: string): Record<string, unknown> | HdapProblem {
  const { body } = context;
  if (body.kind !== "json" || typeof body.value !== "object" || body.value === null || Array.isArray(body.value)) {
    return hdapProblem(400, `${what} needs a JSON object as its body`);
  }
  return body.value as Record<string, unknown>;
}

/** A new revision: an opaque UUID, as DS's `etag` looks. */
export function newRevision(): string {
  return crypto.randomUUID();
}

/** Stores a written entry unless the request is a `dryRun`. */
export function commitEntry(state: HdapState, context: HdapContext, entry: StoredEntry): void {
  if (!queryFlag(context, "dryRun")) {
    state.store.put(entry);
  }
}

/** Answers an entry with the fields `_fields` selects. */
export function entryAnswer(
  state: HdapState,
  context: HdapContext,
  entry: StoredEntry,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  const view = entryView(entry, parseFields(context.query), state.store.children(entry.dn).length);
  return jsonResponse(context.url, status, view, headers);
}

/** The absolute URL of an entry, for `Location`. */
export function entryLocation(context: HdapContext, entry: StoredEntry): string {
  return `${context.url.origin}/hdap/${entry.id}`;
}

/** True when a conditional header (`If-Match`, `If-None-Match`) names this revision or is `*`. */
export function revisionListed(header: string, rev: string): boolean {
  return header
    .split(",")
    .map((item) =>
      item
        .trim()
        .replace(/^W\//, "")
        .replace(/^"(.*)"$/, "$1"),
    )
    .some((item) => item === "*" || item === rev);
}

/**
 * Checks `If-Match`: the write goes ahead only when the entry exists with a listed revision (`*`: any revision).
 * Otherwise `412` and nothing changes, whether the entry changed or no longer exists (HTTP semantics, as the
 * document says: no upsert behind an `If-Match`).
 */
export function ifMatchProblem(headers: Headers, entry: StoredEntry | undefined, target: Dn): HdapProblem | undefined {
  const ifMatch = headers.get("if-match");
  if (ifMatch === null || (entry && revisionListed(ifMatch, entry.rev))) {
    return undefined;
  }
  return hdapProblem(
    412,
    entry
      ? `Assertion Failed: Entry ${formatLdapDn(target)} cannot be modified because the request contained an LDAP assertion control and the associated filter did not match the contents of the entry`
      : `Assertion Failed: Entry ${formatLdapDn(target)} does not exist, so the If-Match condition cannot hold`,
  );
}

/** The `412` for creating an entry that exists (`PUT` with `If-None-Match: *`, or `POST` create). */
export function alreadyExists(target: Dn): HdapProblem {
  return hdapProblem(
    412,
    `Entry Already Exists: The entry ${formatLdapDn(target)} cannot be added because an entry with that name already exists`,
  );
}

/** The `404` for an entry that does not exist. */
export function noSuchEntry(target: Dn): HdapProblem {
  return hdapProblem(404, `No Such Entry: The entry ${formatLdapDn(target)} does not exist`);
}

type HdapEntry = components["schemas"]["HdapEntry"];

/** Which fields an answer carries, from `_fields`. */
export interface FieldSelection {
  /** No `_fields`: every non-empty user attribute. */
  allUserAttributes: boolean;
  /** `+` was named: every operational attribute. */
  allOperational: boolean;
  /** Attribute keys named explicitly. */
  keys: Set<string>;
}

/**
 * Reads `_fields`: comma-separated attribute names or JSON pointers (`/cn`, the first segment counts), `+` for every
 * operational attribute. `_id` and `_rev` are always answered, as the seed's `_fields=photo` read shows.
 */
export function parseFields(query: URLSearchParams): FieldSelection {
  const raw = query.get("_fields");
  if (raw === null) {
    return { allUserAttributes: true, allOperational: false, keys: new Set() };
  }
  const selection: FieldSelection = { allUserAttributes: false, allOperational: false, keys: new Set() };
  for (const part of raw.split(",")) {
    const name = part.trim().replace(/^\//, "").split("/")[0] ?? "";
    if (name === "+") {
      selection.allOperational = true;
    } else if (name !== "" && name !== "_id" && name !== "_rev") {
      selection.keys.add(attributeType(name).key);
    }
  }
  return selection;
}

function isoSeconds(milliseconds: number): string {
  return new Date(milliseconds).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The operational attributes the server maintains for an entry, computed when asked for. */
function serverAttributes(entry: StoredEntry, subordinates: number): [name: string, value: AttributeValue][] {
  return [
    ["createTimestamp", isoSeconds(entry.createdAt)],
    ["modifyTimestamp", isoSeconds(entry.modifiedAt)],
    ["entryUUID", entry.uuid],
    ["etag", entry.rev],
    ["hasSubordinates", subordinates > 0],
    ["numSubordinates", subordinates],
  ];
}

/**
 * An entry as HDAP answers it: `_id`, `_rev`, then the selected attributes, multi-valued ones as arrays and
 * single-valued ones as scalars. Password attributes are never answered, to anyone.
 */
export function entryView(entry: StoredEntry, fields: FieldSelection, subordinates: number): HdapEntry {
  const view: HdapEntry = { _id: entry.id, _rev: entry.rev };
  const wanted = (key: string, operational: boolean) =>
    fields.keys.has(key) || (operational ? fields.allOperational : fields.allUserAttributes);
  for (const attribute of entry.attributes.values()) {
    const { type } = attribute;
    if (type.syntax === "password" || !wanted(type.key, type.operational) || attribute.values.length === 0) {
      continue;
    }
    view[attribute.name] = type.singleValued ? (attribute.values[0] ?? null) : [...attribute.values];
  }
  for (const [name, value] of serverAttributes(entry, subordinates)) {
    if (wanted(attributeType(name).key, true)) {
      view[name] = value;
    }
  }
  return view;
}
