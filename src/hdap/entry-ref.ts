import { InvalidInputError } from "../binary/invalid-input-error.ts";
import type { HdapRdn } from "./dn.ts";
import { dnToPath, pathToRdns } from "./dn-path.ts";

/**
 * Names an entry: an LDAP string DN (`"uid=bjensen,ou=People,dc=example,dc=com"`), its RDNs (the entry's own first),
 * or `{ path }` with an HDAP path such as an entry's `_id` (`{ path: entry._id }`).
 *
 * @example
 * await hdap.read("uid=bjensen,ou=People,dc=example,dc=com");
 * await hdap.read({ path: "dc=com/dc=example/ou=People/uid=bjensen" });
 */
export type HdapEntryRef = string | readonly HdapRdn[] | { readonly path: string };

/**
 * The HDAP path of an entry reference. A `{ path }` is checked (every segment one RDN, valid percent-encoding) and
 * then used as written, so an `_id` from the server goes back exactly as the server wrote it.
 *
 * @throws {InvalidInputError} `INVALID_DN` / `INVALID_DN_PATH` for a reference that names no entry.
 */
export function entryPath(ref: HdapEntryRef): string {
  if (typeof ref === "string" || Array.isArray(ref)) {
    return dnToPath(ref as string | readonly HdapRdn[]);
  }
  const path: unknown = (ref as { path?: unknown }).path;
  if (typeof path !== "string") {
    throw new InvalidInputError("INVALID_DN_PATH", "An entry reference must be a DN string, RDNs or { path }.");
  }
  pathToRdns(path);
  return path;
}
