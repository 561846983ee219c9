import { isJsonMediaType } from "../document/validator.ts";
import { type MediaType, multipartBoundary } from "./media-type.ts";
import { MultipartBodyError, MultipartCollector } from "./multipart.ts";
import type { ParsedBody, Problem } from "./types.ts";

/** How a request body is to be read: its parsed media type (none without `Content-Type`) and the size limit. */
export interface BodyReading {
  mediaType: MediaType | undefined;
  /** Whether to parse the body as multipart parts (a `multipart/*` type the operation takes). */
  multipart: boolean;
  limit: number;
  tooLargeStatus: number;
}

class BodyTooLarge extends Error {}
class BodyUnreadable extends Error {}

// Never awaited: cancelling a body that MSW cloned (a tee) settles only when the clone is cancelled too, which nothing
// does, and a request must not wait on it. The HTTP server discards what is left of the body itself.
function discard(reader: ReadableStreamDefaultReader<Uint8Array>): void {
  reader.cancel().catch(() => undefined);
}

/**
 * The chunks of a request body, stopping with {@link BodyTooLarge} as soon as they add up to more than `limit`
 * (at once when `Content-Length` says so) and with {@link BodyUnreadable} when the client goes away mid-body.
 */
async function* bodyChunks(request: Request, limit: number): AsyncGenerator<Uint8Array> {
  if (declaredLength(request) > limit) {
    if (request.body) {
      discard(request.body.getReader());
    }
    throw new BodyTooLarge();
  }
  if (!request.body) {
    return;
  }
  const reader = request.body.getReader();
  let size = 0;
  try {
    for (;;) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch {
        throw new BodyUnreadable();
      }
      if (result.done) {
        return;
      }
      size += result.value.byteLength;
      if (size > limit) {
        throw new BodyTooLarge();
      }
      yield result.value;
    }
  } finally {
    discard(reader);
  }
}

// Glibc's malloc hands out blocks larger than 32 MiB with mmap and gives them back on free, whatever else the
// process allocated meanwhile; smaller ones come from a heap that one live allocation above them keeps from shrinking.
const BLOCK_SIZE = 33 * 1024 * 1024;

/**
 * The bytes of a body, copied out of the socket's chunks as they arrive into a few large blocks: each chunk is freed
 * at once and reused by the next read, so a body in flight costs its blocks only, which are given back whole when
 * the body is dropped (an abandoned upload leaves no heap behind). A block's pages are only paid for when written.
 * A body of declared length gets one block of exactly that size; a chunked one blocks of {@link BLOCK_SIZE}.
 */
class BodyBuffer {
  readonly #blocks: Uint8Array[] = [];
  readonly #blockSize: number;
  #used = 0;
  #size = 0;

  constructor(declared: number) {
    this.#blockSize = Number.isInteger(declared) && declared >= 0 ? declared : BLOCK_SIZE;
  }

  /** Copies a chunk in and returns where it now is: one view, or two when it spans blocks. */
  append(chunk: Uint8Array): Uint8Array[] {
    const views: Uint8Array[] = [];
    let rest = chunk;
    while (rest.byteLength > 0) {
      let block = this.#blocks.at(-1);
      if (block === undefined || this.#used === block.byteLength) {
        // A declared length that was short is ruled out by HTTP framing; grow rather than fail all the same.
        block = new Uint8Array(Math.max(this.#blockSize, this.#blocks.length > 0 ? BLOCK_SIZE : 0, 1));
        this.#blocks.push(block);
        this.#used = 0;
      }
      const taken = rest.subarray(0, block.byteLength - this.#used);
      block.set(taken, this.#used);
      views.push(block.subarray(this.#used, this.#used + taken.byteLength));
      this.#used += taken.byteLength;
      this.#size += taken.byteLength;
      rest = rest.subarray(taken.byteLength);
    }
    return views;
  }

  /** The body in one array: a full single block as it is, else a copy of what was written, so the blocks can go. */
  bytes(): Uint8Array {
    const [first] = this.#blocks;
    if (first === undefined) {
      return new Uint8Array();
    }
    if (this.#blocks.length === 1) {
      return this.#size === first.byteLength ? first : first.slice(0, this.#size);
    }
    const bytes = new Uint8Array(this.#size);
    let offset = 0;
    for (const block of this.#blocks) {
      const part = block.subarray(0, Math.min(block.byteLength, this.#size - offset));
      bytes.set(part, offset);
      offset += part.byteLength;
    }
    return bytes;
  }
}

function declaredLength(request: Request): number {
  const header = request.headers.get("content-length");
  return header !== null && /^\d+$/.test(header) ? Number(header) : Number.NaN;
}

function badRequest(message: string): Problem {
  return { status: 400, kind: "bad-request", message };
}

async function readAll(request: Request, limit: number): Promise<Uint8Array> {
  const buffer = new BodyBuffer(declaredLength(request));
  for await (const chunk of bodyChunks(request, limit)) {
    buffer.append(chunk);
  }
  return buffer.bytes();
}

// The parts keep views into the body's block until they are copied out, each to its own size.
async function readParts(request: Request, reading: BodyReading, boundary: string): Promise<ParsedBody | Problem> {
  const buffer = new BodyBuffer(declaredLength(request));
  const collector = new MultipartCollector(boundary, reading.limit);
  for await (const chunk of bodyChunks(request, reading.limit)) {
    for (const view of buffer.append(chunk)) {
      collector.write(view);
    }
  }
  return { kind: "multipart", parts: collector.finish() };
}

async function readDecoded(request: Request, reading: BodyReading): Promise<ParsedBody | Problem> {
  const { mediaType } = reading;
  if (mediaType && reading.multipart) {
    const boundary = multipartBoundary(mediaType);
    if (boundary === undefined) {
      if (request.body) {
        discard(request.body.getReader());
      }
      return badRequest(
        "multipart/form-data needs a boundary parameter of 1 to 70 characters from RFC 2046's set (letters, digits and '()+_,-./:=? ).",
      );
    }
    return readParts(request, reading, boundary);
  }
  const bytes = await readAll(request, reading.limit);
  if (bytes.byteLength === 0 && (mediaType === undefined || isJsonMediaType(mediaType.essence))) {
    return { kind: "none" };
  }
  if (mediaType && isJsonMediaType(mediaType.essence)) {
    try {
      return { kind: "json", value: JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)), bytes };
    } catch {
      return badRequest("The request body is not valid JSON.");
    }
  }
  return { kind: "binary", bytes, contentType: request.headers.get("content-type") ?? undefined };
}

/**
 * Reads and decodes a request body as its media type says: JSON parsed, multipart split into parts by a streaming
 * parser, anything else kept as bytes. A body over the limit is refused as soon as it crosses it, and a body the
 * client abandons is a `400`: every request gets an answer, and nothing waits on a body.
 */
export async function parseBody(request: Request, reading: BodyReading): Promise<ParsedBody | Problem> {
  try {
    return await readDecoded(request, reading);
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      return {
        status: reading.tooLargeStatus,
        kind: "payload-too-large",
        message: `The request body is larger than the limit of ${reading.limit} bytes.`,
      };
    }
    if (error instanceof MultipartBodyError) {
      return badRequest(`The multipart body is malformed: ${error.message}.`);
    }
    if (error instanceof BodyUnreadable) {
      return badRequest("The request body could not be read to its end.");
    }
    throw error;
  }
}

/** Lets a body that an operation does not read go, without waiting for it. */
export function ignoreBody(request: Request): void {
  if (request.body && !request.bodyUsed && !request.body.locked) {
    discard(request.body.getReader());
  }
}
