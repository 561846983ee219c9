import { InvalidInputError } from "../binary/invalid-input-error.ts";
import { escapeDnValue, formatDn, type HdapRdn, parseDn, rdnPairs } from "./dn.ts";

function encodeSegmentPart(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    throw new InvalidInputError("INVALID_DN", "Invalid DN: a value contains a lone UTF-16 surrogate.");
  }
}

/**
 * Writes RDNs (the entry's own first, as {@link parseDn} gives them) as an HDAP path: big-endian, one RDN per
 * segment, each value LDAP-escaped and then percent-encoded; `=` and the `+` of a multi-valued RDN stay literal.
 *
 * @throws {InvalidInputError} `INVALID_DN` for no RDNs (the root has no HDAP path) or an invalid attribute type.
 * @example
 * rdnsToPath([{ type: "cn", value: "Babs/Jensen" }, { type: "dc", value: "com" }]); // "dc=com/cn=Babs%2FJensen"
 */
export function rdnsToPath(rdns: readonly HdapRdn[]): string {
  if (rdns.length === 0) {
    throw new InvalidInputError("INVALID_DN", "Invalid DN: the empty DN (the root DSE) has no HDAP path.");
  }
  return rdns
    .toReversed()
    .map((rdn) =>
      rdnPairs(rdn)
        .map((pair) => `${pair.type}=${encodeSegmentPart(escapeDnValue(pair.value))}`)
        .join("+"),
    )
    .join("/");
}

/**
 * Turns an LDAP string DN (RFC 4514) or its RDNs into the HDAP path that names the entry, which is also its `_id`:
 * the RDNs big-endian, one per `/`-separated segment, each value LDAP-escaped (`" # + , ; < = > \`, leading and
 * trailing spaces) and then percent-encoded, so a `/` inside a value becomes `%2F` and the `=` after the type stays.
 *
 * @throws {InvalidInputError} `INVALID_DN` for a DN that does not parse, or the empty DN.
 * @example
 * dnToPath("uid=bjensen,ou=People,dc=example,dc=com"); // "dc=com/dc=example/ou=People/uid=bjensen"
 * dnToPath("cn=Babs/Jensen,ou=People,dc=example,dc=com"); // "dc=com/dc=example/ou=People/cn=Babs%2FJensen"
 */
export function dnToPath(dn: string | readonly HdapRdn[]): string {
  return rdnsToPath(typeof dn === "string" ? parseDn(dn) : dn);
}

/**
 * Reads an HDAP path or `_id` (`dc=com/dc=example/ou=People/uid=bjensen`) into RDNs, the entry's own first: each
 * `/`-separated segment is percent-decoded and then parsed as one LDAP RDN.
 *
 * @throws {InvalidInputError} `INVALID_DN_PATH` for an empty segment or bad percent-encoding, `INVALID_DN` for a
 * segment that is not one RDN.
 * @example
 * pathToRdns("dc=com/cn=Babs%20Jensen"); // [{ type: "cn", value: "Babs Jensen" }, { type: "dc", value: "com" }]
 */
export function pathToRdns(path: string): HdapRdn[] {
  const segments = path.split("/");
  return segments
    .map((segment, index) => {
      if (segment === "") {
        throw new InvalidInputError(
          "INVALID_DN_PATH",
          `Invalid HDAP path: segment ${index + 1} of ${segments.length} is empty (a '/' at an end, or two in a row).`,
        );
      }
      let decoded: string;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        throw new InvalidInputError(
          "INVALID_DN_PATH",
          `Invalid HDAP path: segment ${index + 1} has a '%' that does not start a UTF-8 percent-encoding.`,
        );
      }
      const rdns = parseDn(decoded);
      const [rdn] = rdns;
      if (rdn === undefined || rdns.length > 1) {
        throw new InvalidInputError(
          "INVALID_DN",
          `Invalid HDAP path: segment ${index + 1} is not one RDN (a ',' inside a value must be escaped as \\,).`,
        );
      }
      return rdn;
    })
    .reverse();
}

/**
 * Turns an HDAP path or `_id` back into an LDAP string DN (RFC 4514), little-endian, escaped as
 * {@link formatDn} does.
 *
 * @throws {InvalidInputError} as {@link pathToRdns}.
 * @example
 * pathToDn("dc=com/dc=example/ou=People/uid=bjensen"); // "uid=bjensen,ou=People,dc=example,dc=com"
 */
export function pathToDn(path: string): string {
  return formatDn(pathToRdns(path));
}
