import { InvalidInputError } from "../core/errors.ts";

/** One `type=value` pair of an RDN, the value unescaped (`{ type: "cn", value: "Babs, Jr." }`). */
export interface HdapAva {
  /** Attribute type as written (`uid`, `cn`, `2.5.4.3`); directories compare it case-insensitively. */
  readonly type: string;
  /** Attribute value as plain text, without LDAP escapes. */
  readonly value: string;
}

/**
 * One relative distinguished name: a `type=value` pair, plus in the rare multi-valued RDN (`cn=Babs+sn=Jensen`) the
 * further pairs joined to it by `+`.
 *
 * @example
 * const rdn: HdapRdn = { type: "uid", value: "bjensen" };
 */
export interface HdapRdn extends HdapAva {
  /** The other pairs of a multi-valued RDN, in order; absent for the usual single pair. */
  readonly plus?: readonly HdapAva[] | undefined;
}

const ATTRIBUTE_TYPE = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)*)$/;
const HEX_DIGITS = /^[0-9A-Fa-f]{2}$/;
// The characters Ping's rule escapes with a backslash wherever they appear in a value (RFC 4514 §2.4 requires a
// subset; escaping `#` and `=` everywhere is also valid RFC 4514).
const ESCAPED_EVERYWHERE = new Set([...'"#+,;<=>\\']);
// Characters RFC 4514 §3 forbids unescaped inside a value (`+` and `,` end the value instead).
const FORBIDDEN_UNESCAPED = new Set([...'";<>']);
// After a backslash: one of these characters, or two hex digits (RFC 4514 §3 `pair`).
const ESCAPABLE = new Set([...' "#+,;<=>\\']);

function invalidDn(position: number, reason: string): InvalidInputError {
  return new InvalidInputError("INVALID_DN", `Invalid DN at position ${position}: ${reason}.`);
}

/**
 * Parses an LDAP string DN (RFC 4514) into its RDNs, the entry's own RDN first. Escapes (`\,`, `\2C`) are resolved;
 * unescaped spaces around `,`, `+` and `=` are ignored, as LDAP servers do. A value in BER hex form (`cn=#04...`) is
 * refused. The empty DN gives `[]`.
 *
 * @throws {InvalidInputError} `INVALID_DN` with the position and the reason.
 * @example
 * parseDn("uid=bjensen,ou=People,dc=example,dc=com");
 * // [{ type: "uid", value: "bjensen" }, { type: "ou", value: "People" }, { type: "dc", value: "example" }, ...]
 */
export function parseDn(dn: string): HdapRdn[] {
  // The reading position; positions in errors count from the start of the text.
  let index = 0;
  const peek = () => dn[index] ?? "";
  const skipSpaces = () => {
    while (peek() === " ") {
      index++;
    }
  };

  function readType(): string {
    skipSpaces();
    const start = index;
    while (index < dn.length && !"=,+ ".includes(peek())) {
      index++;
    }
    const type = dn.slice(start, index);
    skipSpaces();
    if (peek() !== "=") {
      throw invalidDn(index, "expected '=' after the attribute type");
    }
    if (!ATTRIBUTE_TYPE.test(type)) {
      throw invalidDn(start, "the attribute type is not a name (letter, then letters, digits, '-') or a numeric OID");
    }
    index++;
    return type;
  }

  /** Reads a value up to an unescaped `,` or `+`; unescaped spaces at both ends are formatting, not data. */
  function readValue(): string {
    skipSpaces();
    if (peek() === "#") {
      // RFC 4514's `#` + hex is the BER encoding of the value; decoding it needs the attribute's ASN.1 syntax.
      throw invalidDn(index, "a value in BER hex form ('#' followed by hex) is not supported; escape the '#'");
    }
    // The value's UTF-8 bytes percent-encoded, so that hex escapes and characters decode together.
    let encoded = "";
    let significant = 0;
    while (index < dn.length && peek() !== "," && peek() !== "+") {
      const char = peek();
      if (FORBIDDEN_UNESCAPED.has(char)) {
        throw invalidDn(index, `'${char}' must be escaped with a backslash inside a value`);
      }
      if (char === "\\") {
        const hex = dn.slice(index + 1, index + 3);
        const next = dn[index + 1] ?? "";
        if (HEX_DIGITS.test(hex)) {
          encoded += `%${hex}`;
          index += 3;
        } else if (ESCAPABLE.has(next)) {
          encoded += encodeURIComponent(next);
          index += 2;
        } else {
          throw invalidDn(index, "a backslash must precede a special character or two hex digits");
        }
        significant = encoded.length;
        continue;
      }
      if (char === "\u0000") {
        throw invalidDn(index, "a NUL character must be written as \\00");
      }
      const piece = String.fromCodePoint(dn.codePointAt(index) ?? 0);
      try {
        encoded += encodeURIComponent(piece);
      } catch {
        // A lone surrogate: U+FFFD, as TextEncoder writes it.
        encoded += "%EF%BF%BD";
      }
      index += piece.length;
      if (char !== " ") {
        significant = encoded.length;
      }
    }
    try {
      return decodeURIComponent(encoded.slice(0, significant));
    } catch {
      throw invalidDn(index, "the hex escapes of the value are not UTF-8");
    }
  }

  skipSpaces();
  const rdns: HdapRdn[] = [];
  if (index >= dn.length) {
    return rdns;
  }
  for (;;) {
    const avas: HdapAva[] = [];
    for (;;) {
      avas.push({ type: readType(), value: readValue() });
      if (peek() !== "+") {
        break;
      }
      index++;
    }
    const [first, ...rest] = avas as [HdapAva, ...HdapAva[]];
    rdns.push(rest.length === 0 ? first : { ...first, plus: rest });
    if (index >= dn.length) {
      return rdns;
    }
    index++;
  }
}

/**
 * Escapes an attribute value for an RDN as Ping's HDAP rules say: a backslash before `"`, `#`, `+`, `,`, `;`, `<`,
 * `=`, `>` and `\`, and before a leading or trailing space; NUL becomes `\00`.
 *
 * @example
 * escapeDnValue("Babs, Jr. "); // "Babs\\, Jr.\\ "
 */
export function escapeDnValue(value: string): string {
  let escaped = "";
  const last = value.length - 1;
  for (let index = 0; index <= last; index++) {
    const char = value[index] ?? "";
    if (ESCAPED_EVERYWHERE.has(char) || (char === " " && (index === 0 || index === last))) {
      escaped += `\\${char}`;
    } else if (char === "\u0000") {
      escaped += "\\00";
    } else {
      escaped += char;
    }
  }
  return escaped;
}

/** The pairs of an RDN, checked: a valid attribute type and a string value each. */
export function rdnPairs(rdn: HdapRdn): HdapAva[] {
  const pairs = [rdn, ...(rdn.plus ?? [])];
  for (const pair of pairs) {
    if (typeof pair.type !== "string" || !ATTRIBUTE_TYPE.test(pair.type)) {
      throw new InvalidInputError(
        "INVALID_DN",
        "Invalid RDN: the attribute type must be a name (letter, then letters, digits, '-') or a numeric OID.",
      );
    }
    if (typeof pair.value !== "string") {
      throw new InvalidInputError("INVALID_DN", `Invalid RDN: the value of ${pair.type} is not a string.`);
    }
  }
  return pairs;
}

/**
 * Writes RDNs (the entry's own first) as an LDAP string DN (RFC 4514), escaping each value with
 * {@link escapeDnValue}.
 *
 * @throws {InvalidInputError} `INVALID_DN` for an attribute type that is not a name or an OID.
 * @example
 * formatDn([{ type: "cn", value: "Babs, Jr." }, { type: "dc", value: "com" }]); // "cn=Babs\\, Jr.,dc=com"
 */
export function formatDn(rdns: readonly HdapRdn[]): string {
  return rdns
    .map((rdn) =>
      rdnPairs(rdn)
        .map((pair) => `${pair.type}=${escapeDnValue(pair.value)}`)
        .join("+"),
    )
    .join(",");
}
