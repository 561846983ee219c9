/** The image formats this package recognises: the three PingOne accepts. */
export type ImageType = "png" | "jpeg" | "gif";

/** What the first bytes of an image say about it. */
export interface ImageInfo {
  /** The format, from its magic bytes. */
  type: ImageType;
  /** The IANA media type for `type`. */
  mediaType: `image/${ImageType}`;
  /** Width in pixels (≥ 1). */
  width: number;
  /** Height in pixels (≥ 1). */
  height: number;
}

/** Bytes that always suffice for a PNG: signature (8), IHDR length and type (8), width and height (8). */
export const PNG_HEADER_BYTES = 24;
/** Bytes that always suffice for a GIF: `GIF87a`/`GIF89a` (6) and the logical screen width and height (4). */
export const GIF_HEADER_BYTES = 10;
/**
 * The most {@link readImageInfo} reads of a JPEG, whose size sits in the first SOF segment, after any EXIF, XMP and
 * ICC segments (each up to 64 KiB). Files with more metadata than this before the frame header are reported as
 * unknown rather than read further.
 */
export const MAX_IMAGE_HEADER_BYTES: number = 256 * 1024;

/** Internal outcome of a scan: an answer, "not an image (that I can size)", or "need at least N bytes". */
export type ImageScan = { kind: "found"; info: ImageInfo } | { kind: "invalid" } | { kind: "need-more"; bytes: number };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const GIF_MAGIC = [0x47, 0x49, 0x46, 0x38];
const JPEG_SOI = [0xff, 0xd8, 0xff];

/**
 * Recognises a PNG, JPEG or GIF from its first bytes and reads its width and height: the PNG IHDR chunk, the GIF
 * logical screen, or the first JPEG frame header (SOF0-SOF15) found by walking the segments. Returns `undefined` for
 * anything else, for a truncated header, and for a zero width or height; never throws and always terminates (every
 * step moves forward).
 *
 * @example
 * const info = sniffImage(new Uint8Array(await file.slice(0, 64 * 1024).arrayBuffer()));
 * if (info?.type !== "png") throw new Error("PNG expected");
 */
export function sniffImage(bytes: Uint8Array): ImageInfo | undefined {
  const scan = scanImage(bytes);
  return scan.kind === "found" ? scan.info : undefined;
}

/**
 * Reads just enough of a Blob (or File) to {@link sniffImage} it: the first 4 KiB, then more only while a JPEG's
 * segments need it, up to `maxBytes`.
 *
 * @default maxBytes {@link MAX_IMAGE_HEADER_BYTES}
 */
export async function readImageInfo(
  blob: Blob,
  options: { maxBytes?: number | undefined } = {},
): Promise<ImageInfo | undefined> {
  const limit = Math.min(blob.size, options.maxBytes ?? MAX_IMAGE_HEADER_BYTES);
  let length = Math.min(limit, 4096);
  for (;;) {
    const scan = scanImage(new Uint8Array(await blob.slice(0, length).arrayBuffer()));
    if (scan.kind === "found") {
      return scan.info;
    }
    if (scan.kind === "invalid" || scan.bytes > limit || length >= limit) {
      return undefined;
    }
    length = Math.min(limit, Math.max(scan.bytes, length * 2));
  }
}

/**
 * Reads the head of a stream until the image header is understood (at most `maxBytes`), and returns what was found
 * together with a stream that replays those bytes and then continues with the rest, unread. For stream uploads that
 * must check their type first without buffering the file.
 *
 * @default maxBytes {@link MAX_IMAGE_HEADER_BYTES}
 */
export async function peekImageInfo(
  stream: ReadableStream<Uint8Array>,
  options: { maxBytes?: number | undefined } = {},
): Promise<{ info: ImageInfo | undefined; stream: ReadableStream<Uint8Array> }> {
  const limit = options.maxBytes ?? MAX_IMAGE_HEADER_BYTES;
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let buffered = 0;
  let info: ImageInfo | undefined;
  let ended = false;
  try {
    let scan = scanImage(new Uint8Array(0));
    while (scan.kind === "need-more" && scan.bytes <= limit) {
      // Read until the scan can move on (at least doubling what is held, so a stream of tiny chunks costs a few
      // copies of the head, not one per chunk), then look again.
      const target = Math.max(scan.bytes, Math.min(limit, buffered * 2));
      while (buffered < target && !ended) {
        const { done, value } = await reader.read();
        if (done) {
          ended = true;
        } else {
          chunks.push(value);
          buffered += value.byteLength;
        }
      }
      if (buffered < scan.bytes) {
        break;
      }
      scan = scanImage(concatenate(chunks, Math.min(buffered, limit)));
    }
    info = scan.kind === "found" ? scan.info : undefined;
  } catch (error) {
    reader.releaseLock();
    throw error;
  }
  const replay = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = chunks.shift();
        if (next !== undefined) {
          controller.enqueue(next);
          return;
        }
        if (ended) {
          controller.close();
          return;
        }
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
        } else {
          controller.enqueue(value);
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return { info, stream: replay };
}

/** Scans the first bytes of a file; internal to the package, exported for {@link peekImageInfo} and tests. */
export function scanImage(bytes: Uint8Array): ImageScan {
  if (bytes.length < 3) {
    // Empty, or the start of one of the three signatures.
    return [PNG_SIGNATURE, GIF_MAGIC, JPEG_SOI].some((signature) => startsWith(bytes, signature))
      ? { kind: "need-more", bytes: 3 }
      : { kind: "invalid" };
  }
  if (bytes[0] === 0x89) {
    return scanPng(bytes);
  }
  if (bytes[0] === 0x47) {
    return scanGif(bytes);
  }
  if (startsWith(bytes, JPEG_SOI)) {
    return scanJpeg(bytes);
  }
  return { kind: "invalid" };
}

function concatenate(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const head = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    if (offset >= length) {
      break;
    }
    const part = chunk.subarray(0, length - offset);
    head.set(part, offset);
    offset += part.length;
  }
  return head;
}

function found(type: ImageType, width: number, height: number): ImageScan {
  return width > 0 && height > 0
    ? { kind: "found", info: { type, mediaType: `image/${type}`, width, height } }
    : { kind: "invalid" };
}

function uint16BigEndian(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

function uint32BigEndian(bytes: Uint8Array, at: number): number {
  return uint16BigEndian(bytes, at) * 0x10000 + uint16BigEndian(bytes, at + 2);
}

function startsWith(bytes: Uint8Array, expected: readonly number[]): boolean {
  const checked = Math.min(bytes.length, expected.length);
  for (let index = 0; index < checked; index++) {
    if (bytes[index] !== expected[index]) {
      return false;
    }
  }
  return true;
}

function scanPng(bytes: Uint8Array): ImageScan {
  // PNG spec §5.2-5.3 and §11.2.2: the signature, then IHDR is the first chunk, with a 13-byte body.
  const header = [...PNG_SIGNATURE, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
  if (!startsWith(bytes, header)) {
    return { kind: "invalid" };
  }
  if (bytes.length < PNG_HEADER_BYTES) {
    return { kind: "need-more", bytes: PNG_HEADER_BYTES };
  }
  const width = uint32BigEndian(bytes, 16);
  const height = uint32BigEndian(bytes, 20);
  // Dimensions above 2^31 - 1 are invalid PNG.
  return width > 0x7fffffff || height > 0x7fffffff ? { kind: "invalid" } : found("png", width, height);
}

function scanGif(bytes: Uint8Array): ImageScan {
  if (!startsWith(bytes, GIF_MAGIC)) {
    return { kind: "invalid" };
  }
  if (bytes.length < 6) {
    return { kind: "need-more", bytes: GIF_HEADER_BYTES };
  }
  // "GIF87a" or "GIF89a"
  if ((bytes[4] !== 0x37 && bytes[4] !== 0x39) || bytes[5] !== 0x61) {
    return { kind: "invalid" };
  }
  if (bytes.length < GIF_HEADER_BYTES) {
    return { kind: "need-more", bytes: GIF_HEADER_BYTES };
  }
  const width = (bytes[6] ?? 0) | ((bytes[7] ?? 0) << 8);
  const height = (bytes[8] ?? 0) | ((bytes[9] ?? 0) << 8);
  return found("gif", width, height);
}

function scanJpeg(bytes: Uint8Array): ImageScan {
  // ITU T.81 Annex B: after SOI, marker segments `FF xx <length:2> <length-2 bytes>` until a frame header.
  let position = 2;
  for (;;) {
    if (position >= bytes.length) {
      return { kind: "need-more", bytes: position + 2 };
    }
    if (bytes[position] !== 0xff) {
      return { kind: "invalid" };
    }
    // Any number of 0xFF fill bytes may precede a marker (B.1.1.2).
    while (position < bytes.length && bytes[position] === 0xff) {
      position++;
    }
    if (position >= bytes.length) {
      return { kind: "need-more", bytes: position + 1 };
    }
    const marker = bytes[position] as number;
    position++;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      // TEM and RSTn stand alone, without a length.
      continue;
    }
    if (marker === 0x00 || marker === 0xd8 || marker === 0xd9 || marker === 0xda) {
      // Stuffing, a second SOI, EOI or start of scan before any frame header: not a JPEG we can size.
      return { kind: "invalid" };
    }
    if (position + 2 > bytes.length) {
      return { kind: "need-more", bytes: position + 2 };
    }
    const length = uint16BigEndian(bytes, position);
    if (length < 2) {
      return { kind: "invalid" };
    }
    if (isStartOfFrame(marker)) {
      // Lf (2), P (1), Y = height (2), X = width (2)
      if (length < 8) {
        return { kind: "invalid" };
      }
      if (position + 7 > bytes.length) {
        return { kind: "need-more", bytes: position + 7 };
      }
      return found("jpeg", uint16BigEndian(bytes, position + 5), uint16BigEndian(bytes, position + 3));
    }
    position += length;
  }
}

function isStartOfFrame(marker: number): boolean {
  // C4 (DHT), C8 (JPG extension) and CC (DAC) share the range but are not frame headers.
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}
