import { attributeType, caseIgnore } from "./schema.ts";

/** One attribute-value assertion of an RDN (`uid=bjensen`). */
export interface Ava {
  /** The attribute type as written (its case is echoed). */
  type: string;
  /** The value as written in LDAP string form, escapes kept (`Babs\2CJensen`). */
  text: string;
  /** The value with LDAP escapes resolved (`Babs,Jensen`). */
  value: string;
}

/** One relative distinguished name: usually one AVA, several for a multi-valued RDN (`cn=a+sn=b`). */
export interface Rdn {
  avas: Ava[];
}

/** A distinguished name, big-endian as HDAP writes it: the suffix (`dc=com`) first. */
export interface Dn {
  rdns: Rdn[];
}

/** A DN that cannot be parsed; the message says why and never quotes more than the offending RDN. */
export class DnSyntaxError extends Error {
  override name = "DnSyntaxError";
}

const ATTRIBUTE_TYPE = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)*)$/;
const HEX_PAIR = /^[0-9A-Fa-f]{2}$/;
// Characters a backslash may escape (RFC 4514 §2.4 plus the space and `=` Ping's escaping rules name).
const ESCAPABLE = new Set([...' "#+,;<=>\\']);
// Characters that must be escaped inside a value; an unescaped `+` separates the AVAs of a multi-valued RDN.
const MUST_ESCAPE = new Set([...'",;<>']);

function parseValue(text: string, start: number, rdn: string): { end: number; value: string } {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  let index = start;
  if (text[index] === "#") {
    // RFC 4514 allows `#` followed by the BER encoding of the value; no HDAP example uses it, so the mock refuses it.
    throw new DnSyntaxError(
      `The RDN "${rdn}" has a value in BER hex form (leading '#'), which the mock does not support.`,
    );
  }
  while (index < text.length) {
    const char = text[index] ?? "";
    if (char === "+") {
      break;
    }
    if (MUST_ESCAPE.has(char)) {
      throw new DnSyntaxError(`The RDN "${rdn}" has an unescaped '${char}' in its value.`);
    }
    if (char === "\\") {
      const next = text[index + 1] ?? "";
      const pair = text.slice(index + 1, index + 3);
      if (HEX_PAIR.test(pair)) {
        bytes.push(Number.parseInt(pair, 16));
        index += 3;
        continue;
      }
      if (!ESCAPABLE.has(next)) {
        throw new DnSyntaxError(`The RDN "${rdn}" has a backslash that escapes nothing at position ${index}.`);
      }
      bytes.push(next.charCodeAt(0));
      index += 2;
      continue;
    }
    const codePoint = text.codePointAt(index) ?? 0;
    const piece = String.fromCodePoint(codePoint);
    bytes.push(...encoder.encode(piece));
    index += piece.length;
  }
  let value: string;
  try {
    value = new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    throw new DnSyntaxError(`The RDN "${rdn}" has hex escapes that are not UTF-8.`);
  }
  if (value.trim() === "") {
    throw new DnSyntaxError(`The RDN "${rdn}" has an empty value.`);
  }
  return { end: index, value };
}

/** Parses one RDN in LDAP string form (`uid=bjensen`, `cn=Babs\2CJensen`, `cn=a+sn=b`). */
export function parseRdn(text: string): Rdn {
  const avas: Ava[] = [];
  let index = 0;
  for (;;) {
    const equals = text.indexOf("=", index);
    if (equals < 0) {
      throw new DnSyntaxError(`The RDN "${text}" has no '=' between attribute type and value.`);
    }
    const type = text.slice(index, equals);
    if (!ATTRIBUTE_TYPE.test(type)) {
      throw new DnSyntaxError(`The RDN "${text}" has an invalid attribute type "${type}".`);
    }
    const { end, value } = parseValue(text, equals + 1, text);
    avas.push({ type, text: text.slice(equals + 1, end), value });
    if (end >= text.length) {
      return { avas };
    }
    index = end + 1;
  }
}

function parseSegments(segments: string[], decode: (segment: string) => string): Dn {
  if (segments.length === 0 || segments.some((segment) => segment === "")) {
    throw new DnSyntaxError("The DN has an empty RDN (two '/' in a row, or a '/' at the start or end).");
  }
  return { rdns: segments.map((segment) => parseRdn(decode(segment))) };
}

/**
 * Parses the `dnPath` of a request as the router hands it over (`context.rawParams.dnPath`): `/` separates RDNs,
 * `%2F` and `%25` are still encoded (a `/` or `%` inside a value), every other escape is already decoded.
 */
export function parsePathDn(rawPath: string): Dn {
  return parseSegments(rawPath.split("/"), (segment) =>
    segment.replace(/%2[Ff]|%25/g, (found) => (found === "%25" ? "%" : "/")),
  );
}

/** Parses an HDAP identifier as it appears in JSON (`_id`, `newId`, `manager`) or a Basic user name: fully percent-encoded. */
export function parseIdDn(id: string): Dn {
  return parseSegments(id.split("/"), (segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      throw new DnSyntaxError(`The RDN "${segment}" has an invalid percent-encoding.`);
    }
  });
}

/** Parses an HDAP identifier, or answers `undefined` when it is not one. */
export function tryParseIdDn(id: string): Dn | undefined {
  try {
    return parseIdDn(id);
  } catch (error) {
    if (error instanceof DnSyntaxError) {
      return undefined;
    }
    throw error;
  }
}

/** Escapes a value for an RDN the way Ping's rules say (a backslash before `"#+,;<=>\`, leading and trailing spaces). */
export function escapeRdnValue(value: string): string {
  const escaped = value.replace(/["+,;<=>\\]/g, "\\$&").replace(/^[ #]/, "\\$&");
  return escaped.endsWith(" ") && !escaped.endsWith("\\ ") ? `${escaped.slice(0, -1)}\\ ` : escaped;
}

/** An RDN of one attribute and value, escaped as needed. */
export function rdnOf(type: string, value: string): Rdn {
  return { avas: [{ type, text: escapeRdnValue(value), value }] };
}

/** The HDAP identifier of a DN: each RDN value percent-encoded, `=` and `+` between AVAs literal. */
export function formatId(dn: Dn): string {
  return dn.rdns.map((rdn) => rdn.avas.map((ava) => `${ava.type}=${encodeURIComponent(ava.text)}`).join("+")).join("/");
}

/** The DN in LDAP string form, little-endian (`uid=bjensen,ou=People,dc=example,dc=com`), for messages. */
export function formatLdapDn(dn: Dn): string {
  return dn.rdns
    .toReversed()
    .map((rdn) => rdn.avas.map((ava) => `${ava.type}=${ava.text}`).join("+"))
    .join(",");
}

/** A comparison key of an RDN: attribute types by their canonical name, values as caseIgnoreMatch sees them. */
export function rdnKey(rdn: Rdn): string {
  return rdn.avas
    .map((ava) => `${attributeType(ava.type).key}=${caseIgnore(ava.value)}`)
    .sort()
    .join("+");
}

/** The comparison keys of a DN's RDNs, suffix first. */
export function rdnKeys(dn: Dn): string[] {
  return dn.rdns.map(rdnKey);
}

/** A comparison key of a whole DN: equal for DNs LDAP considers the same entry. */
export function dnKey(dn: Dn): string {
  return JSON.stringify(rdnKeys(dn));
}

/** True when both DNs name the same entry. */
export function sameDn(a: Dn, b: Dn): boolean {
  return dnKey(a) === dnKey(b);
}

/** The parent DN, or `undefined` for a DN of one RDN. */
export function parentDn(dn: Dn): Dn | undefined {
  return dn.rdns.length > 1 ? { rdns: dn.rdns.slice(0, -1) } : undefined;
}

/** The DN of a child entry. */
export function childDn(parent: Dn, rdn: Rdn): Dn {
  return { rdns: [...parent.rdns, rdn] };
}

/** The last (most specific) RDN of a DN. */
export function leafRdn(dn: Dn): Rdn {
  const leaf = dn.rdns.at(-1);
  if (!leaf) {
    throw new DnSyntaxError("The DN is empty.");
  }
  return leaf;
}

/** True when `dn` is strictly below `ancestor`. */
export function isBelow(dn: Dn, ancestor: Dn): boolean {
  if (dn.rdns.length <= ancestor.rdns.length) {
    return false;
  }
  return ancestor.rdns.every((rdn, index) => {
    const other = dn.rdns[index];
    return other !== undefined && rdnKey(rdn) === rdnKey(other);
  });
}

/** Moves a DN from below `from` to below `to` (`from` itself becomes `to`). */
export function rebaseDn(dn: Dn, from: Dn, to: Dn): Dn {
  return { rdns: [...to.rdns, ...dn.rdns.slice(from.rdns.length)] };
}
