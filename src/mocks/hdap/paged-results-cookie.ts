import { decodeBase64, encodeBase64 } from "../../binary/base64.ts";

/**
 * The opaque `pagedResultsCookie`: the offset of the next page as 8 big-endian bytes in base64, which looks like DS's
 * cookies (`AAAAAAAAABE=`). Clients must not read it; the mock only needs to find its place again.
 */
export function encodePagedResultsCookie(offset: number): string {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(offset));
  return encodeBase64(bytes);
}

/** The offset a cookie of {@link encodePagedResultsCookie} carries, or `undefined` for anything else. */
export function decodePagedResultsCookie(cookie: string): number | undefined {
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(cookie);
  } catch {
    return undefined;
  }
  if (bytes.byteLength !== 8) {
    return undefined;
  }
  const offset = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0);
  return offset <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(offset) : undefined;
}
