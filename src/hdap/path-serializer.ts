import { defaultPathSerializer, type PathSerializer } from "openapi-fetch";
import { InvalidInputError } from "../binary/invalid-input-error.ts";

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
