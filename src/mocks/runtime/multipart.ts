import type { MultipartValue } from "./types.ts";

const CRLF = [13, 10];
const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Why a multipart body could not be read. */
export class MultipartError extends Error {
  override name = "MultipartError" as const;
}

/** The `boundary` parameter of a multipart Content-Type, unquoted. */
export function multipartBoundary(contentType: string): string | undefined {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  const last = haystack.length - needle.length;
  outer: for (
    let i = haystack.indexOf(first ?? 0, from);
    i !== -1 && i <= last;
    i = haystack.indexOf(first ?? 0, i + 1)
  ) {
    for (let j = 1; j < needle.length; j++) {
      if (haystack[i + j] !== needle[j]) {
        continue outer;
      }
    }
    return i;
  }
  return -1;
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) {
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
  }
  return headers;
}

function dispositionParameter(disposition: string, name: string): string | undefined {
  const pattern = new RegExp(`;\\s*${name}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, "i");
  const match = pattern.exec(disposition);
  const quoted = match?.[1];
  return quoted !== undefined ? quoted.replace(/\\(.)/g, "$1") : match?.[2]?.trim();
}

/**
 * Parses a multipart/form-data body byte by byte (RFC 7578), so a file part keeps its exact bytes whether or not it
 * has a filename or a Content-Type. Part order does not matter; a repeated name keeps the first part.
 */
export function parseMultipart(body: Uint8Array, boundary: string): Map<string, MultipartValue> {
  const delimiter = encoder.encode(`--${boundary}`);
  const parts = new Map<string, MultipartValue>();
  let position = indexOf(body, delimiter, 0);
  if (position === -1) {
    throw new MultipartError(`no boundary "${boundary}" in the body`);
  }
  const separator = encoder.encode(`\r\n--${boundary}`);
  for (;;) {
    position += delimiter.length;
    if (body[position] === 45 && body[position + 1] === 45) {
      return parts;
    }
    if (body[position] !== CRLF[0] || body[position + 1] !== CRLF[1]) {
      throw new MultipartError("a boundary line must end with CRLF");
    }
    position += 2;
    const headerEnd = indexOf(body, encoder.encode("\r\n\r\n"), position);
    const next = indexOf(body, separator, position);
    if (next === -1) {
      throw new MultipartError("the body ends before the closing boundary");
    }
    if (headerEnd === -1 || headerEnd > next) {
      throw new MultipartError("a part has no header block");
    }
    const headers = parseHeaders(decoder.decode(body.subarray(position, headerEnd)));
    const disposition = headers.get("content-disposition") ?? "";
    if (!/^form-data\b/i.test(disposition)) {
      throw new MultipartError("every part needs Content-Disposition: form-data");
    }
    const name = dispositionParameter(disposition, "name");
    if (name === undefined || name === "") {
      throw new MultipartError("a part has no name");
    }
    const bytes = body.slice(headerEnd + 4, next);
    if (!parts.has(name)) {
      parts.set(name, {
        name,
        filename: dispositionParameter(disposition, "filename"),
        contentType: headers.get("content-type"),
        bytes,
        // Decoded on demand: a file part can be larger than the longest string an engine allows.
        get text() {
          return decoder.decode(bytes);
        },
      });
    }
    position = next + 2;
  }
}
