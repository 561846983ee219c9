import { isProblem } from "../runtime/types.ts";
import { writeAccessProblem } from "./access.ts";
import { createEntry } from "./create-entry.ts";
import { sameDn } from "./dn.ts";
import { EntryDraft } from "./entry-draft.ts";
import { entryRulesProblem } from "./entry-rules.ts";
import { type HdapProblem, hdapProblem } from "./errors.ts";
import { alreadyExists, ifMatchProblem } from "./preconditions.ts";
import {
  bodyDn,
  bodyObject,
  commitEntry,
  entryAnswer,
  type HdapContext,
  newRevision,
  queryFlag,
  requestDn,
} from "./request-parts.ts";
import type { HdapState } from "./state.ts";
import { applyEntryFields } from "./write-attribute.ts";

/**
 * `PUT /hdap/{dnPath}` (hdapUpdateOrCreate). On an existing entry it merges: each field of the body replaces that
 * attribute's values and the others keep theirs; the answer is `200` with a new `_rev`. On a missing entry it creates
 * it (an upsert, `201` + `Location`). `If-None-Match: *` only creates (`412` if the entry exists); `If-Match` only
 * updates the listed revision (`412` otherwise). Anonymous callers get `401`, accounts other than the entry's own and
 * the writers `403`.
 */
export function updateOrCreate(state: HdapState, context: HdapContext): Response | HdapProblem {
  const dn = requestDn(context);
  if (isProblem(dn)) {
    return dn;
  }
  const body = bodyObject(context, "PUT");
  if (isProblem(body)) {
    return body;
  }
  if (typeof body["_id"] === "string") {
    const named = bodyDn(body["_id"], "_id");
    if (isProblem(named)) {
      return named;
    }
    if (!sameDn(named, dn)) {
      return hdapProblem(400, "The _id in the body names another entry than the URL; leave _id out of an update");
    }
  }
  const existing = state.store.get(dn);
  const denied = writeAccessProblem(state, context.principal, dn, existing ? "modified" : "added");
  if (denied) {
    return denied;
  }
  if (!existing) {
    return ifMatchProblem(context.headers, existing, dn) ?? createEntry(state, context, dn, body);
  }
  if (context.headers.get("if-none-match") === "*") {
    return alreadyExists(dn);
  }
  const precondition = ifMatchProblem(context.headers, existing, dn);
  if (precondition) {
    return precondition;
  }
  const draft = new EntryDraft(existing.attributes);
  const writeContext = { state, passwordQualityAdvice: queryFlag(context, "passwordQualityAdvice") };
  const problem = applyEntryFields(writeContext, draft, body) ?? entryRulesProblem(draft, dn, "modified");
  if (problem) {
    return problem;
  }
  const updated = { ...existing, rev: newRevision(), attributes: draft.snapshot(), modifiedAt: state.clock() };
  commitEntry(state, context, updated);
  return entryAnswer(state, context, updated);
}
