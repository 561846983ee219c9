import { formatContentDisposition, sanitizeFilename } from "../binary/content-disposition.ts";

// A conservative subset of RFC 9110 token characters: no `%` (some parsers percent-decode), no quotes, no `*`.
const PLAIN_FILENAME = /^[A-Za-z0-9._~+-]+$/;

/**
 * The `Content-Disposition` of an image upload, or `undefined` when there is no usable file name (the header is
 * optional). The name is reduced to its last path segment without control characters first. A plain name is written
 * unquoted, byte for byte as Ping's own example (`attachment; filename=userimg.jpg`); anything else is quoted and
 * escaped, with `filename*` (RFC 8187) for non-ASCII. That PingOne accepts the quoted form is an assumption: its
 * documentation shows only the plain one.
 *
 * @example
 * imageContentDisposition("userimg.jpg"); // "attachment; filename=userimg.jpg"
 * imageContentDisposition("Grüße.png"); // `attachment; filename="Gr__e.png"; filename*=UTF-8''Gr%C3%BC%C3%9Fe.png`
 */
export function imageContentDisposition(filename: string | undefined): string | undefined {
  const name = sanitizeFilename(filename);
  if (name === undefined) {
    return undefined;
  }
  return PLAIN_FILENAME.test(name) ? `attachment; filename=${name}` : formatContentDisposition({ filename: name });
}
