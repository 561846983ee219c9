import { isProblem } from "../runtime/types.ts";
import { writeAccessProblem } from "./access.ts";
import { formatLdapDn } from "./dn.ts";
import { type HdapProblem, hdapProblem } from "./errors.ts";
import { ifMatchProblem, noSuchEntry } from "./preconditions.ts";
import { entryAnswer, type HdapContext, queryFlag, requestDn } from "./request-parts.ts";
import type { HdapState } from "./state.ts";

/**
 * `DELETE /hdap/{dnPath}` (hdapDeleteEntry): removes the entry and answers it as it was (`200`, not `204`). An entry
 * with children needs `subtreeDelete=true`, which removes them too; without it the answer is `400` (the document's
 * assumption, from the REST to LDAP gateway's mapping of LDAP's notAllowedOnNonLeaf).
 */
export function deleteEntry(state: HdapState, context: HdapContext): Response | HdapProblem {
  const dn = requestDn(context);
  if (isProblem(dn)) {
    return dn;
  }
  const denied = writeAccessProblem(state, context.principal, dn, "deleted");
  if (denied) {
    return denied;
  }
  const entry = state.store.get(dn);
  if (!entry) {
    return noSuchEntry(dn);
  }
  const precondition = ifMatchProblem(context.headers, entry, dn);
  if (precondition) {
    return precondition;
  }
  const below = state.store.below(dn);
  if (below.length > 0 && !queryFlag(context, "subtreeDelete")) {
    return hdapProblem(
      400,
      `Not Allowed on Nonleaf: Entry ${formatLdapDn(dn)} cannot be deleted because it has ${below.length} subordinate entries; add subtreeDelete=true to delete them too`,
    );
  }
  // The answer shows the entry as it was, so it is rendered before the entry goes.
  const answer = entryAnswer(state, context, entry);
  if (!queryFlag(context, "dryRun")) {
    for (const gone of [...below, entry]) {
      state.store.delete(gone.dn);
    }
  }
  return answer;
}
