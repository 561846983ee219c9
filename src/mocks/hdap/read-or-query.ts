import { isProblem } from "../runtime/types.ts";
import { readAccessProblem } from "./access.ts";
import { parseFields } from "./entry-view.ts";
import type { HdapProblem } from "./errors.ts";
import { jsonResponse } from "./json-response.ts";
import { noSuchEntry, revisionListed } from "./preconditions.ts";
import { entryAnswer, type HdapContext, requestDn } from "./request-parts.ts";
import { search } from "./search.ts";
import type { HdapState } from "./state.ts";

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
