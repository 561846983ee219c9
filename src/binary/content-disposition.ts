import { InvalidInputError } from "../core/errors.ts";

/** A parsed `Content-Disposition` header. */
export interface ContentDisposition {
  /** The disposition type in lower case (`attachment`, `inline`, `form-data`); `""` when the header has none. */
  type: string;
  /** The file name: `filename*` (RFC 8187) when present and decodable, else `filename`. Not sanitised. */
  filename: string | undefined;
  /** Every parameter by lower-case name, values unquoted; `name*` values decoded. The first of duplicates wins. */
  parameters: Record<string, string>;
}

/** What {@link formatContentDisposition} writes. */
export type ContentDispositionInit =
  | {
      /** @default "attachment" */
      type?: "attachment" | "inline" | undefined;
      /** The file name; any Unicode, written as an ASCII `filename` plus `filename*` when needed. */
      filename?: string | undefined;
      /** A `name` parameter (rare outside form data). */
      name?: string | undefined;
    }
  | {
      /** A part header of `multipart/form-data` (RFC 7578). */
      type: "form-data";
      /** The field name. */
      name: string;
      /** The file name of a file field. */
      filename?: string | undefined;
    };

/**
 * Parses a `Content-Disposition` header (RFC 6266) with RFC 8187 extended values (`filename*=UTF-8''%E2%82%AC.pdf`,
 * preferred over `filename`), quoted strings with backslash escapes, and the unquoted values with spaces that real
 * servers send (`attachment; filename=annual report.pdf`). Never throws.
 *
 * @example
 * parseContentDisposition(`attachment; filename="a.txt"; filename*=UTF-8''%E2%82%AC.txt`).filename; // "€.txt"
 */
export function parseContentDisposition(header: string): ContentDisposition {
  const parameters: Record<string, string> = Object.create(null) as Record<string, string>;
  let position = 0;
  let type = "";
  const firstSemicolon = header.indexOf(";");
  const firstSegment = header.slice(0, firstSemicolon === -1 ? header.length : firstSemicolon);
  // Some servers send only the parameters (`filename="x.pdf"`); then there is no type to read.
  if (!firstSegment.includes("=")) {
    type = firstSegment.trim().toLowerCase();
    position = firstSegment.length;
  }
  while (position < header.length) {
    while (position < header.length && (header[position] === ";" || isSpace(header[position]))) {
      position++;
    }
    const equals = header.indexOf("=", position);
    const semicolon = header.indexOf(";", position);
    if (equals === -1 || (semicolon !== -1 && semicolon < equals)) {
      // A parameter without a value carries nothing; skip to the next one.
      position = semicolon === -1 ? header.length : semicolon + 1;
      continue;
    }
    const name = header.slice(position, equals).trim().toLowerCase();
    position = equals + 1;
    while (position < header.length && isSpace(header[position])) {
      position++;
    }
    let value: string;
    if (header[position] === '"') {
      const quoted = readQuotedString(header, position);
      value = quoted.value;
      const next = header.indexOf(";", quoted.end);
      position = next === -1 ? header.length : next;
    } else {
      const end = header.indexOf(";", position);
      value = header.slice(position, end === -1 ? header.length : end).trim();
      position = end === -1 ? header.length : end;
    }
    if (name === "" || name in parameters) {
      continue;
    }
    if (name.endsWith("*")) {
      const decoded = decodeExtendedValue(value);
      if (decoded !== undefined) {
        parameters[name] = decoded;
      }
    } else {
      parameters[name] = value;
    }
  }
  return { type, filename: parameters["filename*"] ?? parameters["filename"], parameters };
}

/**
 * Writes a `Content-Disposition` value that cannot break out of its header line.
 *
 * - `attachment` / `inline` (RFC 6266): `filename="<ASCII>"` with quotes and backslashes escaped, control characters
 *   removed and non-ASCII replaced by `_`, plus `filename*=UTF-8''<percent-encoded>` whenever that lost anything.
 * - `form-data` (RFC 7578, as browsers write it): `name="..."; filename="..."` with `"`, CR and LF percent-encoded and
 *   other characters left as they are (UTF-8 in the body). RFC 7578 §4.2 forbids `filename*` there, and undici's
 *   multipart parser (Node's `Response.formData()`) rejects a body that has one.
 *
 * @example
 * formatContentDisposition({ filename: "Größe.pdf" });
 * // attachment; filename="Gr__e.pdf"; filename*=UTF-8''Gr%C3%B6%C3%9Fe.pdf
 */
export function formatContentDisposition(init: ContentDispositionInit = {}): string {
  if (init.type === "form-data") {
    let value = `form-data; name="${escapeFormDataValue(init.name)}"`;
    if (init.filename !== undefined) {
      value += `; filename="${escapeFormDataValue(init.filename)}"`;
    }
    return value;
  }
  let value = init.type ?? "attachment";
  if (init.name !== undefined) {
    value += `; name="${quoteAscii(init.name)}"`;
  }
  if (init.filename !== undefined) {
    const ascii = quoteAscii(init.filename);
    value += `; filename="${ascii}"`;
    if (!isPlainAscii(init.filename)) {
      value += `; filename*=UTF-8''${encodeExtendedValue(init.filename)}`;
    }
  }
  return value;
}

/**
 * Makes a file name from a server or a user safe to join to a directory: keeps only the part after the last `/` or
 * `\`, drops control characters, replaces characters Windows forbids (`<>:"|?*`) with `_`, trims spaces and trailing
 * dots, renames Windows device names (`CON`, `NUL`, `COM1`, ...), and caps the name at 255 UTF-8 bytes keeping the
 * extension. Returns `undefined` when nothing usable is left (``, `.`, `..`, `a/`).
 *
 * @example
 * sanitizeFilename("../../etc/passwd"); // "passwd"
 * sanitizeFilename("C:\\Users\\me\\photo.jpg"); // "photo.jpg"
 */
export function sanitizeFilename(name: string | undefined): string | undefined {
  if (name === undefined) {
    return undefined;
  }
  const lastSegment = name.split(/[/\\]/).pop() ?? "";
  let safe = lastSegment
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, "")
    .replace(/[<>:"|?*]/g, "_")
    .trim()
    .replace(/[. ]+$/, "");
  if (safe === "" || /^\.+$/.test(safe)) {
    return undefined;
  }
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(safe)) {
    safe = `_${safe}`;
  }
  return truncateUtf8(safe, 255);
}

/** Throws when a header value would contain CR, LF or another control character. */
export function assertHeaderValue(value: string, what: string): void {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new InvalidInputError(
      "INVALID_HEADER_VALUE",
      `${what} contains a control character (CR, LF, ...), which could inject header lines.`,
    );
  }
}

function isSpace(char: string | undefined): boolean {
  return char === " " || char === "\t";
}

function readQuotedString(text: string, start: number): { value: string; end: number } {
  let value = "";
  let position = start + 1;
  while (position < text.length) {
    const char = text[position] as string;
    if (char === "\\" && position + 1 < text.length) {
      value += text[position + 1];
      position += 2;
    } else if (char === '"') {
      return { value, end: position + 1 };
    } else {
      value += char;
      position++;
    }
  }
  // An unterminated quote: keep what was there rather than lose the name.
  return { value, end: position };
}

/** RFC 8187 §3.2.1 `ext-value`: charset'language'percent-encoded; UTF-8 and ISO-8859-1 are understood. */
function decodeExtendedValue(value: string): string | undefined {
  const match = /^([^']*)'[^']*'(.*)$/.exec(value);
  if (!match) {
    return undefined;
  }
  const charset = (match[1] ?? "").toLowerCase();
  const bytes = percentDecode(match[2] ?? "");
  if (!bytes) {
    return undefined;
  }
  if (charset === "utf-8") {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return undefined;
    }
  }
  if (charset === "iso-8859-1") {
    return String.fromCharCode(...bytes);
  }
  return undefined;
}

function percentDecode(text: string): Uint8Array | undefined {
  const encoder = new TextEncoder();
  const bytes: number[] = [];
  for (let position = 0; position < text.length; position++) {
    const char = text[position] as string;
    if (char === "%") {
      const hex = text.slice(position + 1, position + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
        return undefined;
      }
      bytes.push(Number.parseInt(hex, 16));
      position += 2;
    } else {
      // Not allowed by RFC 8187, but seen: raw characters, taken as UTF-8 (a surrogate pair as one code point).
      const codePoint = String.fromCodePoint(text.codePointAt(position) ?? 0);
      bytes.push(...encoder.encode(codePoint));
      position += codePoint.length - 1;
    }
  }
  return Uint8Array.from(bytes);
}

function isPlainAscii(text: string): boolean {
  return /^[\u0020-\u007e]*$/.test(text);
}

function quoteAscii(text: string): string {
  return (
    Array.from(text, (char) => {
      const code = char.codePointAt(0) ?? 0;
      if (code < 0x20 || code === 0x7f) {
        return "";
      }
      return code > 0x7e ? "_" : char;
    })
      .join("")
      // RFC 9110 §5.6.4 quoted-pair
      .replace(/[\\"]/g, "\\$&")
  );
}

// RFC 8187 attr-char is ALPHA / DIGIT / "!#$&+-.^_`|~"; everything else is percent-encoded from UTF-8.
const ATTR_CHAR = /^[A-Za-z0-9!#$&+\-.^_`|~]$/;

function encodeExtendedValue(text: string): string {
  // TextEncoder turns lone surrogates into U+FFFD, where encodeURIComponent would throw.
  let encoded = "";
  for (const byte of new TextEncoder().encode(text)) {
    const char = String.fromCharCode(byte);
    encoded += byte < 0x80 && ATTR_CHAR.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return encoded;
}

function escapeFormDataValue(text: string): string {
  // The HTML multipart/form-data encoding algorithm: only these three would end the quoted string or the line.
  return text.replace(/[\r\n"]/g, (char) => (char === "\r" ? "%0D" : char === "\n" ? "%0A" : "%22"));
}

function truncateUtf8(name: string, maxBytes: number): string {
  const encoder = new TextEncoder();
  if (encoder.encode(name).length <= maxBytes) {
    return name;
  }
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : "";
  const budget = maxBytes - encoder.encode(extension).length;
  let stem = "";
  let used = 0;
  for (const char of name.slice(0, name.length - extension.length)) {
    const size = encoder.encode(char).length;
    if (used + size > budget) {
      break;
    }
    stem += char;
    used += size;
  }
  return stem + extension;
}
