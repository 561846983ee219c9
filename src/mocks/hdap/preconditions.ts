import { type Dn, formatLdapDn } from "./dn.ts";
import { type HdapProblem, hdapProblem } from "./errors.ts";
import type { StoredEntry } from "./store.ts";

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
