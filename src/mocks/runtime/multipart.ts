import { MultipartParser, type MultipartPart } from "@remix-run/multipart-parser";
import { parseMediaType } from "./media-type.ts";
import type { MultipartValue } from "./types.ts";

/** Why a multipart body could not be read. */
export class MultipartBodyError extends Error {
  override name = "MultipartBodyError" as const;
}

const decoder = new TextDecoder();

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

  constructor(boundary: string, limit: number) {
    this.#parser = new MultipartParser(boundary, { maxFileSize: limit, maxTotalSize: limit });
  }

  /** Parses one more chunk of the body. */
  write(chunk: Uint8Array): void {
    try {
      for (const part of this.#parser.write(chunk)) {
        this.#add(part);
      }
    } catch (error) {
      throw error instanceof MultipartBodyError ? error : new MultipartBodyError(describe(error));
    }
  }

  /** The parts, once the whole body was written; throws when the closing boundary never came. */
  finish(): Map<string, MultipartValue> {
    try {
      this.#parser.finish();
    } catch {
      throw new MultipartBodyError("the body ends before the closing boundary");
    }
    return this.#parts;
  }

  #add(part: MultipartPart): void {
    const value = partValue(part);
    if (!this.#parts.has(value.name)) {
      this.#parts.set(value.name, value);
    }
  }
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : "it cannot be parsed";
  return message.replace(/\.$/, "").replace(/^Invalid multipart stream: /, "");
}
