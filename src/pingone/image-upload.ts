import { formatContentDisposition, sanitizeFilename } from "../binary/content-disposition.ts";
import { type ImageInfo, peekImageInfo, readImageInfo } from "../binary/image-info.ts";
import type { UploadBody } from "../binary/upload-input.ts";
import { InvalidInputError } from "../core/errors.ts";

/** PingOne's documented image size limit, "2 MB", read as 2 MiB (2 097 152 bytes, the figure the document uses). */
export const PINGONE_MAX_IMAGE_BYTES: number = 2 * 1024 * 1024;

/** An upload that passed the checks, with what its bytes say it is. */
export interface CheckedImage extends UploadBody {
  /** Type and size read from the image header. */
  readonly info: ImageInfo;
}

function tooLarge(size: number | undefined, maxBytes: number): InvalidInputError {
  const what =
    size === undefined ? `The image stream carried more than ${maxBytes} bytes` : `The image is ${size} bytes`;
  return new InvalidInputError("IMAGE_TOO_LARGE", `${what}; PingOne accepts at most ${maxBytes} bytes.`, {
    kind: "too_large",
  });
}

function unsupported(): InvalidInputError {
  return new InvalidInputError(
    "UNSUPPORTED_IMAGE_TYPE",
    "The file is not a PNG, JPEG or GIF image whose header can be read from its first bytes; PingOne stores only " +
      "these formats, so convert SVG, WebP, HEIC and others before uploading.",
  );
}

/**
 * Checks an upload before anything is sent: the type from the bytes (a Blob's first bytes, or the head of a stream,
 * which is then replayed, not buffered) must be PNG, JPEG or GIF, and a known size must be at most `maxBytes`. A
 * stream of unknown length is counted as it is sent and errors on the first byte past `maxBytes`.
 *
 * @throws {InvalidInputError} `UNSUPPORTED_IMAGE_TYPE` or `IMAGE_TOO_LARGE`; a stream input is cancelled first.
 */
export async function checkImageUpload(upload: UploadBody, maxBytes: number): Promise<CheckedImage> {
  const { body } = upload;
  if (upload.size !== undefined && upload.size > maxBytes) {
    if (!(body instanceof Blob)) {
      await body.cancel().catch(() => undefined);
    }
    throw tooLarge(upload.size, maxBytes);
  }
  if (body instanceof Blob) {
    const info = await readImageInfo(body);
    if (info === undefined) {
      throw unsupported();
    }
    return { ...upload, info };
  }
  // The head is read from the stream (and replayed in front of it), so the stream is what gets sent, not `open`.
  const peeked = await peekImageInfo(body);
  if (peeked.info === undefined) {
    await peeked.stream.cancel().catch(() => undefined);
    throw unsupported();
  }
  if (upload.size !== undefined) {
    // toUploadBody already errors a stream that carries more than its declared size.
    return { ...upload, body: peeked.stream, info: peeked.info, open: undefined };
  }
  let seen = 0;
  const counted = peeked.stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) {
          throw tooLarge(undefined, maxBytes);
        }
        controller.enqueue(chunk);
      },
    }),
  );
  return { ...upload, body: counted, info: peeked.info, open: undefined };
}

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
