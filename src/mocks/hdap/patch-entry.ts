import { isProblem } from "../runtime/types.ts";
import { writeAccessProblem } from "./access.ts";
import { EntryDraft } from "./entry-draft.ts";
import { entryRulesProblem } from "./entry-rules.ts";
import type { HdapProblem } from "./errors.ts";
import { applyPatch } from "./patch-operations.ts";
import { ifMatchProblem, noSuchEntry } from "./preconditions.ts";
import { commitEntry, entryAnswer, type HdapContext, newRevision, queryFlag, requestDn } from "./request-parts.ts";
import type { HdapState } from "./state.ts";

/**
 * `PATCH /hdap/{dnPath}` (hdapPatchEntry): applies `add`, `remove`, `replace` and `increment` in order, all or
 * nothing, and answers the entry with a new `_rev`. Binary values are checked as base64 here, since the document's
 * patch `value` is any JSON.
 */
export function patchEntry(state: HdapState, context: HdapContext): Response | HdapProblem {
  const dn = requestDn(context);
  if (isProblem(dn)) {
    return dn;
  }
  const existing = state.store.get(dn);
  const denied = writeAccessProblem(state, context.principal, dn, "modified");
  if (denied) {
    return denied;
  }
  if (!existing) {
    return noSuchEntry(dn);
  }
  const precondition = ifMatchProblem(context.headers, existing, dn);
  if (precondition) {
    return precondition;
  }
  const draft = new EntryDraft(existing.attributes);
  const writeContext = { state, passwordQualityAdvice: queryFlag(context, "passwordQualityAdvice") };
  const body = context.body.kind === "json" ? context.body.value : undefined;
  const problem = applyPatch(writeContext, draft, body) ?? entryRulesProblem(draft, dn, "modified");
  if (problem) {
    return problem;
  }
  const patched = { ...existing, rev: newRevision(), attributes: draft.snapshot(), modifiedAt: state.clock() };
  commitEntry(state, context, patched);
  return entryAnswer(state, context, patched);
}
