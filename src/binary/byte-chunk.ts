import { describeValue } from "./describe-value.ts";
import { InvalidInputError } from "./invalid-input-error.ts";

/**
 * Accepts one chunk of a byte stream: a `Uint8Array` (Node `Buffer` included) as is, any other `ArrayBufferView` or an
 * `ArrayBuffer` as a view on the same memory (no copy). Strings are refused: their encoding would be a guess.
 *
 * @throws {InvalidInputError} code `UNSUPPORTED_INPUT`.
 */
export function toByteChunk(value: unknown, source: string): Uint8Array {
  if (value instanceof Uint8Array) {
    return value;
  }
  if (ArrayBuffer.isView(value)) {
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  }
  if (value instanceof ArrayBuffer) {
    return new Uint8Array(value);
  }
  throw new InvalidInputError(
    "UNSUPPORTED_INPUT",
    `${source} produced ${describeValue(value)}; byte streams must produce Uint8Array chunks` +
      (typeof value === "string" ? " (a Node stream with setEncoding() yields strings; do not set an encoding)" : ""),
  );
}
