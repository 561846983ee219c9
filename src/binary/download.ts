import { platform } from "#platform";
import { guardStream, type ProgressCallback, progressCounter } from "../core/body.ts";
import {
  AbortError,
  InvalidInputError,
  InvalidResponseError,
  isBytewireError,
  NetworkError,
  type RequestFacts,
} from "../core/errors.ts";
import { requestFactsOf } from "../core/pipeline.ts";
import { parseContentDisposition, sanitizeFilename } from "./content-disposition.ts";
import type { SavedFile } from "./platform/binary-platform.ts";
import { emptyByteStream } from "./streams.ts";

/** Options for a {@link Download}. */
export interface DownloadOptions {
  /** Called as the body is read, whichever way it is consumed; every 64 KiB and at the end (`PROGRESS_INTERVAL_BYTES`). */
  onProgress?: ProgressCallback | undefined;
  /** The request the body answered, named in the errors of reading it. @default the one a client call recorded */
  request?: RequestFacts | undefined;
}

/** Options for {@link Download.saveTo}. */
export interface SaveToOptions {
  /** Aborting it stops the download and removes the partial file. */
  signal?: AbortSignal | undefined;
}

type Consumer = "stream()" | "blob()" | "arrayBuffer()" | "bytes()" | "saveTo()";

/**
 * A binary response body with its metadata, read exactly once by one of `stream()`, `blob()`, `arrayBuffer()`,
 * `bytes()` or `saveTo()`. When the length is known (Content-Length, or a 206's Content-Range) every way of reading
 * checks it, so a truncated body errors instead of looking complete.
 *
 * @example
 * const download = new Download(await fetch(url), { onProgress: ({ loaded, total }) => bar.update(loaded, total) });
 * console.log(download.filename, download.size);
 * await download.saveTo(`./downloads/${download.filename ?? "file.bin"}`);
 */
export class Download {
  /** The response, for headers this class does not surface. Reading its body directly bypasses the checks. */
  readonly response: Response;
  /** HTTP status: 200, or 206 for a range. */
  readonly status: number;
  /** The Content-Type header, when sent. */
  readonly contentType: string | undefined;
  /**
   * The file name from Content-Disposition (`filename*` preferred over `filename`), reduced to a safe base name
   * (no directories, no `..`, no control characters); `undefined` when there is none.
   */
  readonly filename: string | undefined;
  /**
   * Bytes in this body: Content-Length (ignored when Content-Encoding is set, since fetch decodes the body), else for
   * a 206 the length of its Content-Range; `undefined` when unknown.
   */
  readonly size: number | undefined;
  /** For a 206 response, the range it carries; `undefined` otherwise. */
  readonly range: ByteRange | undefined;
  readonly #onProgress: ProgressCallback | undefined;
  /** The request this body answered, when a client made it: named in the errors of reading it. */
  readonly #request: RequestFacts | undefined;
  #consumedBy: Consumer | undefined;

  /** Wraps a fetch Response; reads nothing yet. */
  constructor(response: Response, options: DownloadOptions = {}) {
    this.response = response;
    this.status = response.status;
    const headers = response.headers;
    this.contentType = headers.get("content-type") ?? undefined;
    const disposition = headers.get("content-disposition");
    this.filename = disposition === null ? undefined : sanitizeFilename(parseContentDisposition(disposition).filename);
    this.range = response.status === 206 ? parseContentRange(headers.get("content-range")) : undefined;
    this.size =
      contentLength(headers) ??
      (this.range && headers.get("content-encoding") === null ? this.range.end - this.range.start + 1 : undefined);
    this.#onProgress = options.onProgress;
    this.#request = options.request ?? requestFactsOf(response);
  }

  /** True once the body has been consumed (here or directly on `response`). */
  get bodyUsed(): boolean {
    return this.#consumedBy !== undefined || this.response.bodyUsed;
  }

  /**
   * The body as a stream, with the length check and progress reporting attached.
   *
   * @throws {InvalidInputError} `BODY_ALREADY_USED` on a second read.
   */
  stream(): ReadableStream<Uint8Array> {
    return this.#take("stream()");
  }

  /** Reads the whole body into a Blob typed with the Content-Type. */
  async blob(): Promise<Blob> {
    const chunks = await collect(this.#take("blob()"));
    return new Blob(chunks, this.contentType === undefined ? {} : { type: this.contentType });
  }

  /** Reads the whole body into an ArrayBuffer (allocated once when the size is known). */
  async arrayBuffer(): Promise<ArrayBuffer> {
    return (await this.#read("arrayBuffer()")).buffer;
  }

  /** Reads the whole body into a Uint8Array that owns its buffer. */
  async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.#read("bytes()");
  }

  /**
   * Streams the body to a file (Node, Bun, Deno): into a temporary file beside `path`, fsynced, then renamed onto it.
   * On any failure (network error, abort, a body shorter than announced) the temporary file is removed and the
   * promise rejects, so `path` never holds a partial download. In browsers it rejects with `UNSUPPORTED_RUNTIME`
   * and leaves the body unread.
   */
  async saveTo(path: string | URL, options: SaveToOptions = {}): Promise<SavedFile> {
    const { signal } = options;
    try {
      return await platform.writeFileAtomically(() => this.#take("saveTo()"), path, signal);
    } catch (error) {
      // The file system rejects with the signal's own reason; callers catch bytewire's AbortError everywhere.
      throw signal?.aborted && !isBytewireError(error)
        ? new AbortError({ ...this.#request, cause: signal.reason })
        : error;
    }
  }

  async #read(consumer: Consumer): Promise<Uint8Array<ArrayBuffer>> {
    const stream = this.#take(consumer);
    if (this.size === undefined) {
      const chunks = await collect(stream);
      const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
      let offset = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, offset);
        offset += chunk.byteLength;
      }
      return bytes;
    }
    // Known size: one allocation, chunks copied in as they arrive (the length check stops a body that runs over).
    const bytes = new Uint8Array(this.size);
    let offset = 0;
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        return bytes;
      }
      bytes.set(value, offset);
      offset += value.byteLength;
    }
  }

  #take(consumer: Consumer): ReadableStream<Uint8Array> {
    if (this.#consumedBy !== undefined || this.response.bodyUsed) {
      throw new InvalidInputError(
        "BODY_ALREADY_USED",
        `Cannot call ${consumer}: the download body was already consumed` +
          (this.#consumedBy === undefined ? " (read from the Response directly)" : ` by ${this.#consumedBy}`) +
          ". A body can be read once; keep the Blob or bytes from the first read.",
      );
    }
    this.#consumedBy = consumer;
    const request = this.#request;
    const claim = this.range ? "its Content-Range" : "Content-Length";
    const counter = this.#onProgress === undefined ? undefined : progressCounter(this.size, this.#onProgress);
    // One layer checks the length, counts progress and turns a cut connection into a NetworkError, whoever reads.
    return guardStream(this.response.body ?? emptyByteStream(), {
      mapError: (error) => (isBytewireError(error) ? error : new NetworkError({ ...request, cause: error })),
      expectedBytes: this.size,
      mismatch: (seen, ended) =>
        new InvalidResponseError(
          "BODY_LENGTH_MISMATCH",
          ended
            ? `The download body ended after ${seen} of the ${this.size} bytes of ${claim}.`
            : `The download body carries more than the ${this.size} bytes of ${claim} (at least ${seen}).`,
          request,
        ),
      onBytes: counter?.add,
      onEnd: counter?.end,
    });
  }
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array<ArrayBuffer>[]> {
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      return chunks;
    }
    // Blob accepts only views on an ArrayBuffer; a chunk on shared memory is copied.
    chunks.push(value.buffer instanceof ArrayBuffer ? (value as Uint8Array<ArrayBuffer>) : value.slice());
  }
}

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
