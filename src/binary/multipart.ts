import { describeValue, InvalidInputError } from "../core/errors.ts";
import { assertHeaderValue, formatContentDisposition } from "./content-disposition.ts";
import { createByteLengthCheck, isReadableStream } from "./streams.ts";

/** A part's content given as a body with what is known about it; an {@link UploadBody} fits. */
export interface MultipartBodyValue {
  /** The bytes: a Blob, or a stream read once. */
  body: Blob | ReadableStream<Uint8Array>;
  /** Byte length of a stream body when known; the stream must then carry exactly that many bytes. */
  size?: number | undefined;
  /** Media type, used when the part has no `contentType`. */
  type?: string | undefined;
  /** File name, used when the part has no `filename`. */
  name?: string | undefined;
  /** A faster way to read it where a transport can (see `RequestBody.open`: a file read with large reads). */
  open?: (() => AsyncIterable<Uint8Array>) | undefined;
}

/** One field of a `multipart/form-data` body. */
export interface MultipartPart {
  /** The field name. */
  name: string;
  /** A string (sent as UTF-8), a Blob or File, or a body with metadata. */
  value: string | Blob | MultipartBodyValue;
  /**
   * File name. Binary values always get one (`File.name`, the value's `name`, else `"blob"` as browsers do), because
   * receivers treat a part without a filename as text. String values get one only when given.
   */
  filename?: string | undefined;
  /** Media type of the part; binary values default to their own type, else `application/octet-stream`. */
  contentType?: string | undefined;
}

/** Options for {@link createMultipartBody}. */
export interface MultipartOptions {
  /** The boundary (RFC 2046 §5.1.1: 1-70 characters); a random one by default. */
  boundary?: string | undefined;
}

/** A `multipart/form-data` request body and the header to send it with. */
export interface MultipartBody {
  /** A Blob when every part is a string or Blob (replayable, works over HTTP/1.1 in browsers), else a stream. */
  body: Blob | ReadableStream<Uint8Array>;
  /** The Content-Type header value, boundary included; send it, since the Blob carries no type. */
  contentType: string;
  /** Total length in bytes, when every part's length is known. */
  size: number | undefined;
  /**
   * The same bytes for a transport that can take them as an async iterable (Node's): the part headers around each
   * part's own `open` (a file read with large reads), so no web stream sits between the file and the socket. Present
   * when a part has an `open`; each call reads the parts afresh when they can be read again.
   */
  open?: (() => AsyncIterable<Uint8Array>) | undefined;
}

type Opener = (() => AsyncIterable<Uint8Array>) | undefined;
type Content =
  | { kind: "bytes"; bytes: Uint8Array<ArrayBuffer> }
  | { kind: "blob"; blob: Blob; open?: Opener }
  | StreamContent;
type StreamContent = {
  kind: "stream";
  stream: ReadableStream<Uint8Array>;
  size: number | undefined;
  label: string;
  open?: Opener;
};

const CRLF = "\r\n";
const encoder = new TextEncoder();

/**
 * Builds a `multipart/form-data` body (RFC 7578) without reading any part into memory. With only strings and Blobs
 * the result is a Blob composed of the headers and the original Blobs: lazy (file-backed Blobs stay on disk), of
 * known size and re-sendable. With a stream part it is a stream that reads one part at a time as the consumer pulls,
 * sized when every stream part declares its size.
 *
 * @throws {InvalidInputError} `INVALID_BOUNDARY`, `INVALID_HEADER_VALUE` (a content type with CR/LF),
 * `UNSUPPORTED_INPUT` (a value of another type); the stream errors with `SIZE_MISMATCH` when a stream part's length
 * differs from its declared size.
 * @example
 * const { body, contentType } = createMultipartBody([
 *   { name: "object", value: JSON.stringify({ name: "report.pdf" }), contentType: "application/json" },
 *   { name: "file", value: file },
 * ]);
 * await fetch(url, { method: "POST", body, headers: { "Content-Type": contentType } });
 */
export function createMultipartBody(parts: readonly MultipartPart[], options: MultipartOptions = {}): MultipartBody {
  const boundary = options.boundary ?? randomBoundary();
  assertBoundary(boundary);
  const contentType = `multipart/form-data; boundary=${/^[A-Za-z0-9'+_.-]+$/.test(boundary) ? boundary : `"${boundary}"`}`;
  const segments: Array<string | Content> = [];
  for (const part of parts) {
    const { header, content } = describePart(part, boundary);
    segments.push(header, content, CRLF);
  }
  segments.push(`--${boundary}--${CRLF}`);

  const contents = segments.map(
    (item): Content => (typeof item === "string" ? { kind: "bytes", bytes: encoder.encode(item) } : item),
  );
  const size = totalSize(contents);
  const open = contents.some((content) => content.kind !== "bytes" && content.open !== undefined)
    ? () => iterateContents(contents)
    : undefined;
  if (contents.every((content) => content.kind !== "stream")) {
    const body = new Blob(contents.map((content) => (content.kind === "blob" ? content.blob : content.bytes)));
    // Bun (1.4) drops a file-backed Blob's bytes when it is composed into another Blob (`new Blob(["a", Bun.file(p)])`
    // has size 1), which would upload an empty file; a composed size that disagrees with its parts' streams them.
    if (body.size === size) {
      return { body, contentType, size, open };
    }
  }
  return { body: streamContents(contents), contentType, size, open };
}

function describePart(part: MultipartPart, boundary: string): { header: string; content: Content } {
  if (typeof part.name !== "string") {
    throw new InvalidInputError(
      "UNSUPPORTED_INPUT",
      `A multipart part's name must be a string, not ${describeValue(part.name)}.`,
    );
  }
  const value = part.value;
  let content: Content;
  let filename = part.filename;
  let contentType = part.contentType;
  if (typeof value === "string") {
    content = { kind: "bytes", bytes: encoder.encode(value) };
  } else if (value instanceof Blob) {
    content = { kind: "blob", blob: value };
    filename ??= fileName(value) ?? "blob";
    contentType ??= value.type || "application/octet-stream";
  } else if (isBodyValue(value)) {
    if (value.size !== undefined && !(Number.isSafeInteger(value.size) && value.size >= 0)) {
      throw new InvalidInputError(
        "SIZE_MISMATCH",
        `The declared size of multipart part "${part.name.slice(0, 100)}" must be a non-negative integer.`,
      );
    }
    content =
      value.body instanceof Blob
        ? { kind: "blob", blob: value.body, open: value.open }
        : { kind: "stream", stream: value.body, size: value.size, label: part.name, open: value.open };
    filename ??= value.name ?? (value.body instanceof Blob ? fileName(value.body) : undefined) ?? "blob";
    contentType ??=
      value.type ??
      (value.body instanceof Blob && value.body.type !== "" ? value.body.type : "application/octet-stream");
  } else {
    throw new InvalidInputError(
      "UNSUPPORTED_INPUT",
      `The value of multipart part "${part.name.slice(0, 100)}" is ${describeValue(value)}; expected a string, a Blob or { body, size?, type?, name? }.`,
    );
  }
  if (contentType !== undefined) {
    assertHeaderValue(contentType, `The content type of multipart part "${part.name.slice(0, 100)}"`);
  }
  const disposition = formatContentDisposition({ type: "form-data", name: part.name, filename });
  const header =
    `--${boundary}${CRLF}Content-Disposition: ${disposition}${CRLF}` +
    (contentType === undefined ? "" : `Content-Type: ${contentType}${CRLF}`) +
    CRLF;
  return { header, content };
}

function isBodyValue(value: unknown): value is MultipartBodyValue {
  if (typeof value !== "object" || value === null) {
    return false;
  }
  const body = (value as { body?: unknown }).body;
  return body instanceof Blob || isReadableStream(body);
}

function fileName(blob: Blob): string | undefined {
  const name = (blob as Partial<File>).name;
  return typeof name === "string" && name !== "" ? name : undefined;
}

function totalSize(contents: readonly Content[]): number | undefined {
  let total = 0;
  for (const content of contents) {
    const size =
      content.kind === "bytes" ? content.bytes.byteLength : content.kind === "blob" ? content.blob.size : content.size;
    if (size === undefined) {
      return undefined;
    }
    total += size;
  }
  return total;
}

/** Emits the contents in order, one chunk per pull, so a slow consumer slows the sources (backpressure). */
function streamContents(contents: Content[]): ReadableStream<Uint8Array> {
  let index = 0;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  const cancelRemaining = async (reason: unknown): Promise<void> => {
    const pending = contents.slice(index + (reader ? 1 : 0));
    index = contents.length;
    await Promise.all([
      reader?.cancel(reason).catch(() => {}),
      ...pending.map((content) =>
        content.kind === "stream" ? content.stream.cancel(reason).catch(() => {}) : undefined,
      ),
    ]);
    reader = undefined;
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          for (;;) {
            const content = contents[index];
            if (content === undefined) {
              controller.close();
              return;
            }
            if (content.kind === "bytes") {
              index++;
              if (content.bytes.byteLength > 0) {
                controller.enqueue(content.bytes);
                return;
              }
              continue;
            }
            reader ??= openContent(content).getReader();
            const { done, value } = await reader.read();
            if (done) {
              reader = undefined;
              index++;
              continue;
            }
            if (value.byteLength > 0) {
              controller.enqueue(value);
              return;
            }
          }
        } catch (error) {
          await cancelRemaining(error);
          throw error;
        }
      },
      cancel: cancelRemaining,
    },
    { highWaterMark: 0 },
  );
}

/** The contents one after the other as an async iterable: bytes as they are, each part by its `open` when it has one. */
async function* iterateContents(contents: readonly Content[]): AsyncGenerator<Uint8Array> {
  for (const content of contents) {
    if (content.kind === "bytes") {
      yield content.bytes;
    } else if (content.open !== undefined) {
      yield* content.open();
    } else {
      yield* openContent(content);
    }
  }
}

function openContent(content: StreamContent | Extract<Content, { kind: "blob" }>): ReadableStream<Uint8Array> {
  if (content.kind === "blob") {
    return content.blob.stream();
  }
  if (content.size === undefined) {
    return content.stream;
  }
  return content.stream.pipeThrough(
    createByteLengthCheck(content.size, {
      code: "SIZE_MISMATCH",
      source: "input",
      subject: `The stream of multipart part "${content.label.slice(0, 100)}"`,
      claim: "its declared size",
    }),
  );
}

function randomBoundary(): string {
  const random = Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0"));
  return `----bytewire-${random.join("")}`;
}

function assertBoundary(boundary: string): void {
  // RFC 2046 §5.1.1: bchars, 1 to 70 characters, not ending in a space.
  if (!/^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/.test(boundary)) {
    throw new InvalidInputError(
      "INVALID_BOUNDARY",
      "A multipart boundary must be 1-70 characters from RFC 2046's set (letters, digits, '()+_,-./:=? and space), not ending in a space.",
    );
  }
}
