import { selectedBase64Codec } from "./base64-codecs.ts";
import { findBase64Problem, throwInvalidBase64 } from "./base64-validation.ts";

/**
 * Encodes bytes as standard, padded base64 (RFC 4648 §4), as HDAP expects for binary attributes such as `jpegPhoto`.
 * Uses `Uint8Array.prototype.toBase64` where the runtime has it, else `Buffer`, else chunked `btoa`.
 *
 * @example
 * encodeBase64(new Uint8Array([0xff, 0xd8, 0xff])); // "/9j/"
 */
export function encodeBase64(bytes: Uint8Array): string {
  return selectedBase64Codec().encode(bytes);
}

/**
 * Decodes strict, padded, standard base64 (RFC 4648 §4) into a new `Uint8Array` that owns its buffer.
 *
 * Whitespace and the base64url alphabet are rejected rather than tolerated: HDAP sends standard base64 without line
 * breaks inside JSON strings, so anything else means the value is not what the caller thinks it is, and a lenient
 * decoder (Node's `Buffer` skips bad characters silently) would turn that into corrupt bytes instead of an error.
 *
 * @throws {InvalidInputError} code `INVALID_BASE64`; the message gives the position of the first bad character and
 * never repeats the text.
 * @example
 * decodeBase64("/9j/"); // Uint8Array [0xff, 0xd8, 0xff]
 */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  return selectedBase64Codec().decode(text) ?? throwInvalidBase64(text);
}

/**
 * True when `text` is strict standard base64 that {@link decodeBase64} accepts.
 *
 * @example
 * isBase64("QQ=="); // true
 * isBase64("QQ"); // false: padding missing
 */
export function isBase64(text: string): boolean {
  return findBase64Problem(text) === undefined;
}
