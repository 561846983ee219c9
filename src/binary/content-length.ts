/**
 * The body length from Content-Length, or `undefined` when it is missing, malformed, or describes an encoded body
 * (fetch decodes gzip/br/deflate, so the header then counts compressed bytes, not the bytes the stream yields).
 */
export function contentLength(headers: Headers): number | undefined {
  const encoding = headers.get("content-encoding");
  if (encoding !== null && encoding.trim().toLowerCase() !== "identity") {
    return undefined;
  }
  const value = headers.get("content-length")?.trim();
  if (value === undefined || !/^\d+$/.test(value)) {
    return undefined;
  }
  const length = Number(value);
  return Number.isSafeInteger(length) ? length : undefined;
}
