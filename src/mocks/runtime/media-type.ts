/** A media type as RFC 9110 §8.3.1 defines it: `type/subtype` and parameters, names in lower case. */
export interface MediaType {
  /** `type/subtype`, lower case. */
  essence: string;
  type: string;
  subtype: string;
  /** Parameters by lower-case name, values unquoted; the first of a repeated name wins. */
  parameters: Map<string, string>;
}

// RFC 9110 §5.6.2 token, §5.6.3 OWS, §5.6.4 quoted-string (qdtext and quoted-pair, obs-text included), §5.6.6
// parameters. Sticky so that the parser walks the value once, left to right: linear in its length.
const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;
const OWS = /[ \t]*/y;
const QUOTED = /"((?:[\t \x21\x23-\x5B\x5D-\x7E\x80-\xFF]|\\[\t \x21-\x7E\x80-\xFF])*)"/y;

function at(pattern: RegExp, value: string, index: number): RegExpExecArray | null {
  pattern.lastIndex = index;
  return pattern.exec(value);
}

/**
 * Parses a `Content-Type` value (or any media type) by RFC 9110's grammar; `undefined` when it does not follow it,
 * for example `text/中`, a missing subtype, a control character or an unterminated quoted string. A value that
 * parses is safe to send back in a header.
 */
export function parseMediaType(value: string): MediaType | undefined {
  const type = at(TOKEN, value, 0);
  if (!type || value[type[0].length] !== "/") {
    return undefined;
  }
  const subtype = at(TOKEN, value, type[0].length + 1);
  if (!subtype) {
    return undefined;
  }
  const parameters = new Map<string, string>();
  let index = type[0].length + 1 + subtype[0].length;
  for (;;) {
    index += at(OWS, value, index)?.[0].length ?? 0;
    if (index === value.length) {
      break;
    }
    if (value[index] !== ";") {
      return undefined;
    }
    index += 1;
    index += at(OWS, value, index)?.[0].length ?? 0;
    // `parameters` allows empty ones (`text/plain;;charset=x`, `text/plain;`).
    if (index === value.length || value[index] === ";") {
      continue;
    }
    const name = at(TOKEN, value, index);
    if (!name || value[index + name[0].length] !== "=") {
      return undefined;
    }
    index += name[0].length + 1;
    const token = at(TOKEN, value, index);
    const quoted = token ? null : at(QUOTED, value, index);
    if (!token && !quoted) {
      return undefined;
    }
    const parameter = token ? token[0] : (quoted?.[1] ?? "").replace(/\\(.)/g, "$1");
    index += (token ?? quoted)?.[0].length ?? 0;
    const key = name[0].toLowerCase();
    if (!parameters.has(key)) {
      parameters.set(key, parameter);
    }
  }
  const essence = `${type[0]}/${subtype[0]}`.toLowerCase();
  return { essence, type: type[0].toLowerCase(), subtype: subtype[0].toLowerCase(), parameters };
}

/**
 * The `boundary` of a multipart media type, when RFC 2046 §5.1.1 allows it: 1 to 70 characters of `bchars`, not
 * ending in a space. Longer boundaries make a parser compare more bytes at every position, so they are refused.
 */
export function multipartBoundary(mediaType: MediaType): string | undefined {
  const boundary = mediaType.parameters.get("boundary");
  return boundary !== undefined && /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/.test(boundary)
    ? boundary
    : undefined;
}
