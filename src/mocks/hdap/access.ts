import type { HdapPrincipal } from "./auth.ts";
import { type Dn, dnKey, formatLdapDn, sameDn } from "./dn.ts";
import { type HdapProblem, hdapProblem } from "./errors.ts";
import type { HdapState } from "./state.ts";

/** What a write does to an entry, for the access check and its message. */
export type WriteKind = "modified" | "added" | "deleted" | "renamed";

/** True for an account listed in `writers` (kvaughan and the admin by default). */
export function isWriter(state: HdapState, principal: HdapPrincipal | undefined): boolean {
  return principal !== undefined && state.writerKeys.has(dnKey(principal.dn));
}

/**
 * The mock's access controls for writes, in the spirit of the `ds-evaluation` ACIs: anonymous callers write nothing
 * (`401`), every account may modify its own entry, writers may do anything, and everyone else gets `403`.
 */
export function writeAccessProblem(
  state: HdapState,
  principal: HdapPrincipal | undefined,
  target: Dn,
  kind: WriteKind,
): HdapProblem | undefined {
  const allowed =
    isWriter(state, principal) || (kind === "modified" && principal !== undefined && sameDn(principal.dn, target));
  if (allowed) {
    return undefined;
  }
  const message = `Insufficient Access Rights: The entry ${formatLdapDn(target)} cannot be ${kind} due to insufficient access rights`;
  return hdapProblem(principal === undefined ? 401 : 403, message);
}

/** Anonymous reads are allowed unless the options turn them off. */
export function readAccessProblem(state: HdapState, principal: HdapPrincipal | undefined): HdapProblem | undefined {
  return principal === undefined && !state.options.anonymousReads
    ? hdapProblem(401, "Anonymous access is not allowed: authenticate with Basic or a bearer token")
    : undefined;
}
