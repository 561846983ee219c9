import { InvalidInputError } from "../binary/invalid-input-error.ts";
import type { CumulocityByteRange } from "./request-options.ts";

function isPosition(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/**
 * The `Range` header value of a byte range (RFC 9110 §14.1.2): `bytes=<start>-<end>`, `bytes=<start>-` or
 * `bytes=-<suffix>`.
 *
 * @throws {InvalidInputError} `INVALID_RANGE` for positions that are not non-negative integers, an `end` before
 * `start`, or a `suffix` below 1
 * @example
 * rangeHeader({ start: 64 }); // "bytes=64-"
 * rangeHeader({ suffix: 16 }); // "bytes=-16"
 */
export function rangeHeader(range: CumulocityByteRange): string {
  if (range.suffix !== undefined) {
    if (!isPosition(range.suffix) || range.suffix === 0) {
      throw new InvalidInputError(
        "INVALID_RANGE",
        "A suffix range needs a positive integer `suffix` (bytes from the end).",
      );
    }
    return `bytes=-${range.suffix}`;
  }
  if (!isPosition(range.start)) {
    throw new InvalidInputError("INVALID_RANGE", "A byte range needs `start`, a non-negative integer, or `suffix`.");
  }
  if (range.end === undefined) {
    return `bytes=${range.start}-`;
  }
  if (!isPosition(range.end) || range.end < range.start) {
    throw new InvalidInputError(
      "INVALID_RANGE",
      `A byte range's \`end\` must be an integer at or after \`start\` (${range.start}); it is inclusive.`,
    );
  }
  return `bytes=${range.start}-${range.end}`;
}
