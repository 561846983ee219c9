import { isProblem } from "../runtime/types.ts";
import { writeAccessProblem } from "./access.ts";
import { type Dn, formatId, formatLdapDn, parentDn } from "./dn.ts";
import { EntryDraft } from "./entry-draft.ts";
import { addRdnValues, entryRulesProblem } from "./entry-rules.ts";
import { type HdapProblem, hdapProblem } from "./errors.ts";
import { alreadyExists } from "./preconditions.ts";
import { commitEntry, entryAnswer, entryLocation, type HdapContext, newRevision, queryFlag } from "./request-parts.ts";
import type { HdapState } from "./state.ts";
import type { StoredEntry } from "./store.ts";
import { applyEntryFields, type WriteContext } from "./write-attribute.ts";

/**
 * Builds a new entry from a create body: its attributes, the RDN's values added when missing, then the schema checks.
 * The `_id` is the DN's identifier as written (its case and escapes echoed).
 */
export function buildNewEntry(
  context: WriteContext,
  dn: Dn,
  body: Record<string, unknown>,
  rev: string = newRevision(),
): StoredEntry | HdapProblem {
  const draft = new EntryDraft();
  const problem =
    applyEntryFields(context, draft, body) ?? addRdnValues(draft, dn) ?? entryRulesProblem(draft, dn, "added");
  if (problem) {
    return problem;
  }
  const now = context.state.clock();
  return {
    id: formatId(dn),
    dn,
    rev,
    attributes: draft.snapshot(),
    uuid: crypto.randomUUID(),
    createdAt: now,
    modifiedAt: now,
  };
}

/**
 * Creates the entry `dn` for `PUT` (upsert or `If-None-Match: *`) and `POST` create: writers only, the parent must
 * exist (`404` otherwise, the document's assumption), an existing entry gives `412`. Answers `201` with the entry
 * and its `Location`.
 */
export function createEntry(
  state: HdapState,
  context: HdapContext,
  dn: Dn,
  body: Record<string, unknown>,
): Response | HdapProblem {
  const denied = writeAccessProblem(state, context.principal, dn, "added");
  if (denied) {
    return denied;
  }
  const parent = parentDn(dn);
  if (!parent || !state.store.get(parent)) {
    return hdapProblem(
      404,
      `No Such Entry: The entry ${formatLdapDn(dn)} cannot be added because its parent entry ${parent ? formatLdapDn(parent) : "(none)"} does not exist`,
    );
  }
  if (state.store.get(dn)) {
    return alreadyExists(dn);
  }
  const writeContext = { state, passwordQualityAdvice: queryFlag(context, "passwordQualityAdvice") };
  const entry = buildNewEntry(writeContext, dn, body);
  if (isProblem(entry)) {
    return entry;
  }
  commitEntry(state, context, entry);
  return entryAnswer(state, context, entry, 201, { location: entryLocation(context, entry) });
}
