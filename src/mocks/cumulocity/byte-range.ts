/** What a `Range` header asks of a file of a given size. */
export type ByteRangeRequest =
  /** No usable single range: no header, another unit, a malformed or a multi-range header. Answer the whole file. */
  | { kind: "whole" }
  /** One satisfiable range, both ends inclusive and inside the file. */
  | { kind: "range"; first: number; last: number }
  /** A well-formed range that selects nothing of this file: `416`. */
  | { kind: "unsatisfiable" };

const SINGLE_RANGE = /^bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i;

/**
 * Reads a `Range` header for a file of `size` bytes (RFC 9110 §14.1.2): `bytes=a-b` (the end is clamped to the
 * file), `bytes=a-` and `bytes=-n` (the last n bytes, or the whole file when n exceeds it). Several ranges get the
 * whole file, which RFC 9110 allows and the document describes; a malformed header is ignored, as RFC 9110 asks.
 */
export function parseByteRange(header: string | null, size: number): ByteRangeRequest {
  const match = header === null ? null : SINGLE_RANGE.exec(header);
  if (!match) {
    return { kind: "whole" };
  }
  const [, start = "", end = ""] = match;
  if (start === "" && end === "") {
    return { kind: "whole" };
  }
  if (start === "") {
    const count = Number(end);
    return count === 0 || size === 0
      ? { kind: "unsatisfiable" }
      : { kind: "range", first: Math.max(0, size - count), last: size - 1 };
  }
  const first = Number(start);
  if (end !== "" && Number(end) < first) {
    return { kind: "whole" };
  }
  if (first >= size) {
    return { kind: "unsatisfiable" };
  }
  return { kind: "range", first, last: end === "" ? size - 1 : Math.min(Number(end), size - 1) };
}
