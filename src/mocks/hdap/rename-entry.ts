import { isProblem } from "../runtime/types.ts";
import { writeAccessProblem } from "./access.ts";
import { attributeType } from "./attribute-types.ts";
import { type Dn, formatId, formatLdapDn, isBelow, leafRdn, parentDn, rebaseDn, sameDn } from "./dn.ts";
import { EntryDraft } from "./entry-draft.ts";
import { addRdnValues, entryRulesProblem, rdnValue } from "./entry-rules.ts";
import { type HdapProblem, hdapProblem } from "./errors.ts";
import { equalityKey } from "./matching.ts";
import { alreadyExists, noSuchEntry } from "./preconditions.ts";
import {
  bodyDn,
  bodyObject,
  entryAnswer,
  type HdapContext,
  newRevision,
  queryFlag,
  requestDn,
} from "./request-parts.ts";
import type { HdapState } from "./state.ts";
import type { StoredEntry } from "./store.ts";

function newIdOf(context: HdapContext): Dn | HdapProblem {
  const body = bodyObject(context, "_action=rename");
  if (isProblem(body)) {
    return body;
  }
  const newId = body["newId"];
  if (typeof newId !== "string" || Object.keys(body).length !== 1) {
    return hdapProblem(400, 'The body of _action=rename must be {"newId": "<HDAP identifier>"}');
  }
  return bodyDn(newId, "newId");
}

// LDAP modify DN: the new RDN's values join the entry; with deleteOldRdn the old RDN's values leave it.
function renamedAttributes(entry: StoredEntry, to: Dn, deleteOldRdn: boolean): EntryDraft | HdapProblem {
  const draft = new EntryDraft(entry.attributes);
  if (deleteOldRdn) {
    for (const ava of leafRdn(entry.dn).avas) {
      const type = attributeType(ava.type);
      const old = equalityKey(type, rdnValue(ava.type, ava.value));
      draft.set(
        type,
        ava.type,
        draft.values(type.key).filter((value) => equalityKey(type, value) !== old),
      );
    }
  }
  return addRdnValues(draft, to, "renamed") ?? entryRulesProblem(draft, to, "renamed") ?? draft;
}

/**
 * `_action=rename` (writers only): moves the entry and everything below it to `newId`, which may change the RDN, the
 * parent or both; `deleteOldRdn=true` drops the old RDN value. The new parent must exist (`404`), the new name must be
 * free (`412`), and an entry cannot move below itself (`400`). DN-valued attributes of other entries that pointed at
 * the old name (`manager`) keep the old value: DS updates them only with its referential integrity plugin.
 */
export function renameAction(state: HdapState, context: HdapContext): Response | HdapProblem {
  const from = requestDn(context);
  if (isProblem(from)) {
    return from;
  }
  const denied = writeAccessProblem(state, context.principal, from, "renamed");
  if (denied) {
    return denied;
  }
  const entry = state.store.get(from);
  if (!entry) {
    return noSuchEntry(from);
  }
  const to = newIdOf(context);
  if (isProblem(to)) {
    return to;
  }
  if (isBelow(to, from)) {
    return hdapProblem(400, `Unwilling to Perform: Entry ${formatLdapDn(from)} cannot be moved below itself`);
  }
  const newParent = parentDn(to);
  if (!newParent || !state.store.get(newParent)) {
    return hdapProblem(
      404,
      `No Such Entry: Entry ${formatLdapDn(from)} cannot be renamed because the new parent ${newParent ? formatLdapDn(newParent) : "(none)"} does not exist`,
    );
  }
  if (!sameDn(to, from) && state.store.get(to)) {
    return alreadyExists(to);
  }
  const draft = renamedAttributes(entry, to, queryFlag(context, "deleteOldRdn"));
  if (isProblem(draft)) {
    return draft;
  }
  const now = state.clock();
  const renamed: StoredEntry = {
    ...entry,
    id: formatId(to),
    dn: to,
    rev: newRevision(),
    attributes: draft.snapshot(),
    modifiedAt: now,
  };
  const subtree = state.store.below(from);
  const moved = subtree.map((child): StoredEntry => {
    const dn = rebaseDn(child.dn, from, to);
    return { ...child, id: formatId(dn), dn, rev: newRevision(), modifiedAt: now };
  });
  if (!queryFlag(context, "dryRun")) {
    for (const old of [entry, ...subtree]) {
      state.store.delete(old.dn);
    }
    for (const updated of [renamed, ...moved]) {
      state.store.put(updated);
    }
  }
  return entryAnswer(state, context, renamed);
}
