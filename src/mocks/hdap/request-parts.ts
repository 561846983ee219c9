import type { MockContext } from "../runtime/types.ts";
import type { HdapPrincipal } from "./auth.ts";
import { type Dn, DnSyntaxError, parseIdDn, parsePathDn } from "./dn.ts";
import { entryView, parseFields } from "./entry-view.ts";
import { type HdapProblem, hdapProblem } from "./errors.ts";
import { jsonResponse } from "./json-response.ts";
import type { HdapState } from "./state.ts";
import type { StoredEntry } from "./store.ts";

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
