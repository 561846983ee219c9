import { defaultPathSerializer, type PathSerializer } from "openapi-fetch";
import { InvalidInputError } from "../core/errors.ts";
import { escapeDnValue, formatDn, type HdapRdn, parseDn, rdnPairs } from "./dn.ts";

// HDAP addresses an entry by its DN written as a path (`dc=com/dc=example/ou=People/uid=bjensen`): converting DNs to
// paths and back, the entry references every call takes, and the path serializer that keeps the path's `/`.

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

const DN_PATH_TEMPLATE = "{dnPath}";
// Anything RFC 3986 does not allow in a path (besides `/` and the `%` of a valid escape) is encoded, so a stray `?`,
// `#` or space cannot end the path or break the URL; already-encoded segments pass unchanged.
const NOT_PATH_CHARACTER = /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/gu;

/** A `dnPath` made safe to insert into a URL without changing any valid HDAP path. */
function verbatimDnPath(value: unknown): string {
  if (typeof value !== "string") {
    throw new InvalidInputError("INVALID_DN_PATH", "The dnPath parameter must be a string such as dc=com/dc=example.");
  }
  // The URL parser removes `.` and `..` segments (also as %2E), which would send the request to another entry.
  if (value.split("/").some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment))) {
    throw new InvalidInputError("INVALID_DN_PATH", "The dnPath parameter must not contain '.' or '..' segments.");
  }
  try {
    return value.replace(NOT_PATH_CHARACTER, (char) => encodeURIComponent(char));
  } catch {
    throw new InvalidInputError("INVALID_DN_PATH", "The dnPath parameter contains a lone UTF-16 surrogate.");
  }
}

/**
 * The openapi-fetch `pathSerializer` of the HDAP client: `{dnPath}` receives the already-encoded HDAP path verbatim,
 * its `/`s kept as RDN separators and its `%2F`s as slashes inside values, instead of openapi-fetch's
 * `encodeURIComponent`, which would name another entry. Other parameters are serialized as openapi-fetch does.
 *
 * @throws {InvalidInputError} `INVALID_DN_PATH` for a `dnPath` that is not a string or has dot segments.
 * @example
 * hdapPathSerializer("https://ds.example/hdap/{dnPath}", { dnPath: "dc=com/dc=example/ou=People/cn=Babs%20Jensen" });
 * // "https://ds.example/hdap/dc=com/dc=example/ou=People/cn=Babs%20Jensen"
 */
export const hdapPathSerializer: PathSerializer = (pathname, pathParams) => {
  const { dnPath, ...others } = pathParams;
  // A replacer function: a string replacement would expand `$&` and `$'`, which are legal in a path.
  const withDn =
    dnPath === undefined || !pathname.includes(DN_PATH_TEMPLATE)
      ? pathname
      : pathname.replace(DN_PATH_TEMPLATE, () => verbatimDnPath(dnPath));
  return defaultPathSerializer(withDn, others);
};
