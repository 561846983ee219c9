import { platform } from "#platform";
import { guardStream, type RequestBody } from "../core/body.ts";
import { AbortError, describeValue, InvalidInputError } from "../core/errors.ts";
import { parseContentDisposition, sanitizeFilename } from "./content-disposition.ts";
import { contentLength } from "./download.ts";
import {
  createByteLengthCheck,
  isAsyncIterable,
  isReadableStream,
  lazyStream,
  readableStreamFromAsyncIterable,
} from "./streams.ts";

/**
 * Anything the SDK can upload: a `Blob` or `File`; an `ArrayBuffer` or view (typed arrays, `DataView`, Node
 * `Buffer`); a `ReadableStream<Uint8Array>`; an `AsyncIterable<Uint8Array>` (Node `Readable` streams, async
 * generators); a fetch `Response` (its body is streamed through); in Node, Bun and Deno a file path or `file:` URL
 * (opened lazily with `fs.openAsBlob`).
 */
export type UploadInput =
  | Blob
  | ArrayBuffer
  | ArrayBufferView
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>
  | Response
  | string
  | URL;

/** Options for {@link toUploadBody}; explicit values win over what the input says about itself. */
export interface UploadBodyOptions {
  /** File name to send (Content-Disposition, multipart `filename`). */
  name?: string | undefined;
  /** Media type to send (Content-Type). */
  type?: string | undefined;
  /**
   * Byte length of a stream input, when the caller knows it (lets a server receive Content-Length). The stream then
   * errors if it carries a different number of bytes. For inputs that know their size, it must agree.
   */
  size?: number | undefined;
  /** Aborting it errors a stream body (and stops reading its source). */
  signal?: AbortSignal | undefined;
}

/**
 * Normalises any {@link UploadInput} into an {@link UploadBody} without reading it: Blobs stay Blobs, bytes become a
 * Blob (one copy), streams and responses stay streams, files open lazily.
 *
 * @throws {InvalidInputError} `UNSUPPORTED_INPUT` for anything else (the message names the type received, never the
 * contents), `SIZE_MISMATCH` when `options.size` contradicts a known size, `BODY_ALREADY_USED` for a read Response.
 * @example
 * const upload = await toUploadBody(file); // { body: file, size: file.size, type: "image/png", name: "logo.png", replayable: true }
 * const fromDisk = await toUploadBody("./logo.png"); // Node: a lazy file-backed Blob
 */
export async function toUploadBody(input: UploadInput, options: UploadBodyOptions = {}): Promise<UploadBody> {
  if (options.signal?.aborted) {
    throw new AbortError({ cause: options.signal.reason });
  }
  const upload = await normalise(input, options);
  if (options.size !== undefined) {
    return applyDeclaredSize(upload, options.size);
  }
  return upload;
}

async function normalise(input: UploadInput, options: UploadBodyOptions): Promise<UploadBody> {
  if (input instanceof Blob) {
    const fileName = typeof (input as Partial<File>).name === "string" ? (input as File).name : "";
    const type = options.type ?? (input.type === "" ? undefined : input.type);
    // slice() re-labels the type without copying, so a fetch that falls back to blob.type sends the right one.
    const body = type === undefined || type.toLowerCase() === input.type ? input : input.slice(0, input.size, type);
    return { body, size: input.size, type, name: options.name ?? (fileName || undefined), replayable: true };
  }
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) {
    const view = input instanceof ArrayBuffer ? new Uint8Array(input) : asUint8Array(input);
    // The Blob constructor copies once, so the caller may reuse its buffer afterwards without changing the upload.
    // Blob refuses views on a SharedArrayBuffer; those take one extra copy.
    const part = isOnArrayBuffer(view) ? view : view.slice();
    const body = new Blob([part], options.type === undefined ? {} : { type: options.type });
    return { body, size: body.size, type: options.type, name: options.name, replayable: true };
  }
  if (isResponse(input)) {
    return fromResponse(input, options);
  }
  if (isReadableStream(input)) {
    return streamBody(withSignal(input, options.signal), undefined, options, undefined);
  }
  if (typeof input === "string" || input instanceof URL) {
    const file = await platform.openFile(input, options.type);
    return options.name === undefined ? file : { ...file, name: options.name };
  }
  if (isBlobLike(input)) {
    // A Blob from another realm or a polyfill: read through its own stream(); the native Blob constructor would
    // stringify it.
    const type = options.type ?? (input.type === "" ? undefined : input.type);
    return {
      body: withSignal(input.stream(), options.signal),
      size: input.size,
      type,
      name: options.name ?? (typeof input.name === "string" && input.name !== "" ? input.name : undefined),
      replayable: false,
    };
  }
  if (isAsyncIterable(input)) {
    // An fs.ReadStream knows its path; other streams have no name.
    const path = (input as { path?: unknown }).path;
    const name = typeof path === "string" ? sanitizeFilename(path) : undefined;
    if (isNodeReadable(input)) {
      // A Node stream goes to Node's transport as it is; other transports read it through a web stream, built only
      // when they do, so that nothing is taken from it before.
      const source = input;
      const body = lazyStream(() => readableStreamFromAsyncIterable(source, options.signal));
      return { ...streamBody(body, undefined, options, name), open: () => source };
    }
    return streamBody(readableStreamFromAsyncIterable(input, options.signal), undefined, options, name);
  }
  throw new InvalidInputError(
    "UNSUPPORTED_INPUT",
    `Cannot upload ${describeValue(input)}: expected a Blob, File, ArrayBuffer, typed array, DataView, ReadableStream, ` +
      "async iterable of Uint8Array, fetch Response, or (in Node, Bun and Deno) a file path.",
  );
}

function fromResponse(response: Response, options: UploadBodyOptions): UploadBody {
  if (response.bodyUsed) {
    throw new InvalidInputError(
      "BODY_ALREADY_USED",
      "The Response's body was already read, so it cannot be uploaded; pass a fresh Response or response.clone().",
    );
  }
  const headers = response.headers;
  const disposition = headers.get("content-disposition");
  const name =
    options.name ??
    sanitizeFilename(disposition === null ? undefined : parseContentDisposition(disposition).filename) ??
    nameFromUrl(response.url);
  const type = options.type ?? headers.get("content-type") ?? undefined;
  if (response.body === null) {
    // A response without a body (204, HEAD) uploads as zero bytes.
    return { body: new Blob([], type === undefined ? {} : { type }), size: 0, type, name, replayable: true };
  }
  return streamBody(withSignal(response.body, options.signal), contentLength(headers), options, name, type);
}

function streamBody(
  body: ReadableStream<Uint8Array>,
  size: number | undefined,
  options: UploadBodyOptions,
  name: string | undefined,
  type: string | undefined = options.type,
): UploadBody {
  const checked =
    size === undefined
      ? body
      : body.pipeThrough(
          createByteLengthCheck(size, {
            code: "SIZE_MISMATCH",
            source: "input",
            subject: "The upload stream",
            claim: "Content-Length",
          }),
        );
  return { body: checked, size, type, name: options.name ?? name, replayable: false };
}

function applyDeclaredSize(upload: UploadBody, size: number): UploadBody {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new InvalidInputError("SIZE_MISMATCH", `The declared size must be a non-negative integer; got ${size}.`);
  }
  if (upload.size !== undefined) {
    if (upload.size !== size) {
      throw new InvalidInputError(
        "SIZE_MISMATCH",
        `The declared size (${size} bytes) differs from the input's own size (${upload.size} bytes).`,
      );
    }
    return upload;
  }
  const stream = upload.body as ReadableStream<Uint8Array>;
  const check = () =>
    stream.pipeThrough(
      createByteLengthCheck(size, {
        code: "SIZE_MISMATCH",
        source: "input",
        subject: "The upload stream",
        claim: "the declared size",
      }),
    );
  // A one-shot source read by Node's transport (`open`) must not be piped before another reader asks for it.
  const body = upload.open === undefined ? check() : lazyStream(check);
  return { ...upload, body, size };
}

function nameFromUrl(url: string): string | undefined {
  if (url === "") {
    return undefined;
  }
  try {
    const segment = new URL(url).pathname.split("/").pop() ?? "";
    return sanitizeFilename(decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

function asUint8Array(view: ArrayBufferView): Uint8Array {
  return view instanceof Uint8Array ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function isOnArrayBuffer(view: Uint8Array): view is Uint8Array<ArrayBuffer> {
  return view.buffer instanceof ArrayBuffer;
}

function isResponse(value: unknown): value is Response {
  if (typeof Response !== "undefined" && value instanceof Response) {
    return true;
  }
  const candidate = value as Partial<Response> | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.arrayBuffer === "function" &&
    typeof candidate.bodyUsed === "boolean" &&
    typeof candidate.headers?.get === "function" &&
    "body" in candidate
  );
}

interface BlobLike {
  readonly size: number;
  readonly type: string;
  readonly name?: unknown;
  stream(): ReadableStream<Uint8Array>;
}

function isBlobLike(value: unknown): value is BlobLike {
  const candidate = value as Partial<BlobLike> | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.size === "number" &&
    typeof candidate.type === "string" &&
    typeof candidate.stream === "function" &&
    /^(Blob|File)$/.test(String((value as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag]))
  );
}

/**
 * An upload input made ready to send, with what is known about it (produced by `toUploadBody`): a Blob (lazy,
 * re-readable: file-backed for a path) or a one-shot stream, its size, media type and file name when known.
 */
export interface UploadBody extends RequestBody {
  readonly body: Blob | ReadableStream<Uint8Array>;
  /** File name when known (explicit option, `File.name`, Content-Disposition, file path). */
  readonly name: string | undefined;
}

/** The stream, erroring with an `AbortError` (and cancelling its source) as soon as `signal` aborts. */
function withSignal(stream: ReadableStream<Uint8Array>, signal: AbortSignal | undefined): ReadableStream<Uint8Array> {
  return signal === undefined
    ? stream
    : guardStream(stream, { signal, onAbort: (reason) => new AbortError({ cause: reason }) });
}

function isNodeReadable(value: AsyncIterable<unknown>): value is AsyncIterable<Uint8Array> {
  // Bytes only: a stream in object mode or with an encoding yields something else (the web path refuses it clearly).
  const candidate = value as { pipe?: unknown; readableObjectMode?: unknown; readableEncoding?: unknown };
  return (
    typeof candidate.pipe === "function" && candidate.readableObjectMode === false && candidate.readableEncoding == null
  );
}
