import { MultipartParser, type MultipartPart } from "@remix-run/multipart-parser";
import { parseMediaType } from "./media-type.ts";
import type { MultipartValue } from "./types.ts";

/** Why a multipart body could not be read. */
export class MultipartBodyError extends Error {
  override name = "MultipartBodyError" as const;
}

const decoder = new TextDecoder();
const PREAMBLE_LIMIT = 64 * 1024;

function partValue(part: MultipartPart): MultipartValue {
  let headers: Record<string, string>;
  let name: string | undefined;
  let filename: string | undefined;
  try {
    headers = part.headers as Record<string, string>;
    name = part.name;
    filename = part.filename;
  } catch {
    throw new MultipartBodyError("a part's headers are not UTF-8");
  }
  if (!/^form-data\b/i.test(headers["content-disposition"] ?? "")) {
    throw new MultipartBodyError("every part needs Content-Disposition: form-data");
  }
  if (name === undefined || name === "") {
    throw new MultipartBodyError("a part has no name");
  }
  const contentType = headers["content-type"];
  if (contentType !== undefined && parseMediaType(contentType) === undefined) {
    throw new MultipartBodyError(`the part "${name}" has a Content-Type that is not a media type (RFC 9110)`);
  }
  const bytes = part.bytes;
  return {
    name,
    filename,
    contentType,
    bytes,
    // Decoded on demand: a file part can be larger than the longest string an engine allows.
    get text() {
      return decoder.decode(bytes);
    },
  };
}

/**
 * Collects the parts of a multipart/form-data body (RFC 7578) fed chunk by chunk to a streaming parser, which finds
 * boundaries in time linear in the body for a boundary of bounded length. A file part keeps its exact bytes whether
 * or not it has a filename or a Content-Type; part order does not matter; a repeated name keeps the first part.
 */
export class MultipartCollector {
  readonly #parser: MultipartParser;
  readonly #parts = new Map<string, MultipartValue>();
  readonly #delimiter: Uint8Array;
  /** True until the first delimiter line is found; what came before it is RFC 2046's preamble, ignored. */
  #searching = true;
  /** True after the closing delimiter; what follows is RFC 2046's epilogue, ignored. */
  #done = false;
  #preamble: Uint8Array | undefined;
  #preambleSize = 0;

  constructor(boundary: string, limit: number) {
    this.#parser = new MultipartParser(boundary, { maxFileSize: limit, maxTotalSize: limit });
    this.#delimiter = new TextEncoder().encode(`--${boundary}`);
  }

  /** Parses one more chunk of the body. */
  write(chunk: Uint8Array): void {
    const body = this.#done ? new Uint8Array() : this.#afterPreamble(chunk);
    if (body.byteLength === 0) {
      return;
    }
    try {
      for (const part of this.#parser.write(body)) {
        this.#add(part);
      }
    } catch (error) {
      throw error instanceof MultipartBodyError ? error : new MultipartBodyError(describe(error));
    }
    this.#done = isFinished(this.#parser);
  }

  /** The parts, once the whole body was written; throws when the closing boundary never came. */
  finish(): Map<string, MultipartValue> {
    if (this.#searching) {
      throw new MultipartBodyError(this.#preambleSize === 0 ? "the body is empty" : "no boundary in the body");
    }
    try {
      this.#parser.finish();
    } catch {
      throw new MultipartBodyError("the body ends before the closing boundary");
    }
    return this.#parts;
  }

  // The parser wants the body to start with the delimiter; RFC 2046 allows a preamble before it, which servers
  // ignore. It is looked for in the first PREAMBLE_LIMIT bytes only.
  #afterPreamble(chunk: Uint8Array): Uint8Array {
    if (!this.#searching) {
      return chunk;
    }
    if (this.#preambleSize === 0 && startsWith(chunk, this.#delimiter)) {
      this.#searching = false;
      return chunk;
    }
    const capacity = PREAMBLE_LIMIT + this.#delimiter.byteLength + 2;
    this.#preamble ??= new Uint8Array(capacity);
    const head = chunk.subarray(0, capacity - this.#preambleSize);
    this.#preamble.set(head, this.#preambleSize);
    // Only where a delimiter could start that was not complete before: each byte is looked at a bounded number of times.
    const from = Math.max(0, this.#preambleSize - this.#delimiter.byteLength - 2);
    const size = this.#preambleSize + head.byteLength;
    const start = delimiterLine(this.#preamble.subarray(0, size), this.#delimiter, from);
    if (start === -1) {
      if (head.byteLength < chunk.byteLength) {
        throw new MultipartBodyError("no boundary delimiter line in the body");
      }
      this.#preambleSize = size;
      return new Uint8Array();
    }
    const seen = this.#preamble.subarray(start, size);
    const rest = chunk.subarray(head.byteLength);
    const body = new Uint8Array(seen.byteLength + rest.byteLength);
    body.set(seen);
    body.set(rest, seen.byteLength);
    this.#searching = false;
    this.#preamble = undefined;
    return body;
  }

  #add(part: MultipartPart): void {
    const value = partValue(part);
    if (!this.#parts.has(value.name)) {
      this.#parts.set(value.name, value);
    }
  }
}

// The parser says it has seen the closing delimiter by not throwing from finish().
function isFinished(parser: MultipartParser): boolean {
  try {
    parser.finish();
    return true;
  } catch {
    return false;
  }
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  return bytes.byteLength >= prefix.byteLength && prefix.every((byte, index) => bytes[index] === byte);
}

// Where the first delimiter line starts: the delimiter at the very start, or right after a CRLF.
function delimiterLine(bytes: Uint8Array, delimiter: Uint8Array, from: number): number {
  outer: for (let index = from; index + delimiter.byteLength <= bytes.byteLength; index++) {
    if (index > 0 && (bytes[index - 2] !== 13 || bytes[index - 1] !== 10)) {
      continue;
    }
    for (let offset = 0; offset < delimiter.byteLength; offset++) {
      if (bytes[index + offset] !== delimiter[offset]) {
        continue outer;
      }
    }
    return index;
  }
  return -1;
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : "it cannot be parsed";
  return message.replace(/\.$/, "").replace(/^Invalid multipart stream: /, "");
}
