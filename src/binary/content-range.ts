/** The byte range a `206 Partial Content` response carries (RFC 9110 §14.4), positions inclusive. */
export interface ByteRange {
  /** First byte position. */
  start: number;
  /** Last byte position (inclusive). */
  end: number;
  /** Length of the whole resource; `undefined` when the server sent `*`. */
  total: number | undefined;
}

/** Parses `bytes <start>-<end>/<total|*>` (RFC 9110 §14.4); `undefined` for anything else. */
export function parseContentRange(header: string | null): ByteRange | undefined {
  const match = /^\s*bytes\s+(\d+)-(\d+)\/(\d+|\*)\s*$/i.exec(header ?? "");
  if (!match) {
    return undefined;
  }
  const start = Number(match[1]);
  const end = Number(match[2]);
  const total = match[3] === "*" ? undefined : Number(match[3]);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) {
    return undefined;
  }
  if (total !== undefined && (!Number.isSafeInteger(total) || end >= total)) {
    return undefined;
  }
  return { start, end, total };
}
