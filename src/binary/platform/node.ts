import * as fs from "node:fs";
import { type FileHandle, open, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { InvalidInputError } from "../../core/errors.ts";
import { createByteLengthCheck, readableStreamFromAsyncIterable } from "../streams.ts";
import type { UploadBody } from "../upload-input.ts";
import type { BinaryPlatform, SavedFile } from "./binary-platform.ts";

/** The Node (and Bun, Deno) side of `#platform`: files through `node:fs`. */
export const platform: BinaryPlatform = { kind: "node", openFile, writeFileAtomically };

function toPath(path: string | URL): string {
  if (typeof path === "string") {
    return path;
  }
  if (path.protocol !== "file:") {
    throw new InvalidInputError(
      "UNSUPPORTED_INPUT",
      `Only file: URLs name files; received a ${path.protocol} URL (fetch it and pass the Response instead).`,
    );
  }
  return fileURLToPath(path);
}

async function openFile(path: string | URL, type: string | undefined): Promise<UploadBody> {
  const filePath = toPath(path);
  // stat first: openAsBlob accepts a directory (and fails only when read) and reports a missing file vaguely.
  const info = await stat(filePath).catch((error: unknown) => {
    throw unreadableFile(error);
  });
  if (!info.isFile()) {
    throw new InvalidInputError(
      "UNSUPPORTED_INPUT",
      `The path names ${info.isDirectory() ? "a directory" : "something other than a regular file"}, not a file.`,
    );
  }
  const name = basename(filePath);
  const mediaType = type ?? mediaTypeByExtension(name);
  if (hasLazyOpenAsBlob()) {
    // Lazy: nothing is read until the body is sent, and it can be sent again (retries).
    const blob = await fs.openAsBlob(filePath, mediaType === undefined ? undefined : { type: mediaType });
    if (composes(blob)) {
      return { body: blob, size: blob.size, type: mediaType, name, replayable: true, open: () => readFile(filePath) };
    }
  }
  // Elsewhere (Deno, Bun, runtimes without openAsBlob) a one-shot stream of known size: never held in memory.
  return { body: fileStream(filePath, info.size), size: info.size, type: mediaType, name, replayable: false };
}

/**
 * A path that cannot be opened is the caller's input, not the network's: an `InvalidInputError` with Node's code
 * (`ENOENT`, `EACCES`, ...), so that a client call reports it as such and never retries it.
 */
function unreadableFile(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") {
    return error;
  }
  const reason = code === "ENOENT" ? "there is no such file" : code === "EACCES" ? "permission denied" : code;
  return new InvalidInputError(code, `The file to upload cannot be opened: ${reason} (${code}).`, { cause: error });
}

/**
 * Node's `fs.openAsBlob` opens the file lazily. Deno's (2.9) reads the whole file into memory when called (600 MB
 * file: 1.2 GB resident), which a stream does not, and which nothing short of measuring memory can detect.
 */
function hasLazyOpenAsBlob(): boolean {
  return typeof fs.openAsBlob === "function" && !("Deno" in globalThis);
}

const PROBE = new Uint8Array(1);

/**
 * Whether a file-backed Blob keeps its bytes inside another Blob, as multipart bodies are built. Bun 1.4's do not:
 * `new Blob(["head", await fs.openAsBlob(p), "tail"]).size` is 8, so such a body would upload an empty file. Reads
 * nothing: composing is lazy where it works, and where it does not the bytes are dropped, not read.
 */
function composes(blob: Blob): boolean {
  return new Blob([PROBE, blob]).size === blob.size + PROBE.byteLength;
}

/** Bytes per read of an upload's file: large reads keep the socket busy (64 KiB reads left the loop mostly idle). */
const FILE_READ_BYTES = 1024 * 1024;

/** The file read with large reads, for a transport that can take a Node stream (`UploadBody.open`). */
function readFile(path: string): AsyncIterable<Uint8Array> {
  return fs.createReadStream(path, { highWaterMark: FILE_READ_BYTES });
}

/** The file's bytes, opened on the first read; errors if the file no longer has the size it had when opened. */
function fileStream(path: string, size: number): ReadableStream<Uint8Array> {
  async function* chunks(): AsyncGenerator<Uint8Array> {
    yield* fs.createReadStream(path);
  }
  return readableStreamFromAsyncIterable(chunks()).pipeThrough(
    createByteLengthCheck(size, {
      code: "SIZE_MISMATCH",
      source: "input",
      subject: "The file",
      claim: "its size when it was opened",
    }),
  );
}

async function writeFileAtomically(
  openStream: () => ReadableStream<Uint8Array>,
  path: string | URL,
  signal: AbortSignal | undefined,
): Promise<SavedFile> {
  const target = toPath(path);
  signal?.throwIfAborted();
  const temporary = join(dirname(resolve(target)), temporaryName(basename(target)));
  const reader = openStream().getReader();
  // Abort cancels the reader, which ends the loop below. Not Promise.race against a long-lived "aborted" promise:
  // every race leaves a reaction on it that keeps that read's chunk alive, so a 1 GiB download would stay in memory.
  const onAbort = (): void => {
    reader.cancel(signal?.reason).catch(() => {});
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  let handle: FileHandle | undefined;
  let size = 0;
  try {
    // "wx": never write through an existing file (or a symlink planted under the temporary name).
    const file = await open(temporary, "wx");
    handle = file;
    // Chunks are gathered into 1 MiB writes, and the next MiB is read while the last one is written: a few large
    // writes instead of one per network chunk, and at most two batches in memory.
    let batch: Uint8Array[] = [];
    let batchBytes = 0;
    let writing: Promise<void> = Promise.resolve();
    const flush = async (): Promise<void> => {
      const data = batch.length === 1 ? (batch[0] as Uint8Array) : Buffer.concat(batch, batchBytes);
      batch = [];
      batchBytes = 0;
      await writing;
      writing = writeAll(file, data);
      writing.catch(() => {});
    };
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        break;
      }
      batch.push(value);
      batchBytes += value.byteLength;
      size += value.byteLength;
      if (batchBytes >= WRITE_BYTES) {
        await flush();
      }
    }
    if (batchBytes > 0) {
      await flush();
    }
    await writing;
    // A cancelled reader reports `done`, so a late abort must be checked before the file is made to look complete.
    signal?.throwIfAborted();
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temporary, target);
  } catch (error) {
    await reader.cancel(error).catch(() => {});
    await handle?.close().catch(() => {});
    await unlink(temporary).catch(() => {});
    throw error;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    try {
      reader.releaseLock();
    } catch {
      // Older runtimes refuse while a read is pending; the stream is cancelled by then anyway.
    }
  }
  await syncDirectory(dirname(resolve(target)));
  return { path: target, size };
}

/** Bytes per write of a download: large writes, few system calls. */
const WRITE_BYTES = 1024 * 1024;

async function writeAll(file: FileHandle, data: Uint8Array): Promise<void> {
  for (let offset = 0; offset < data.byteLength; ) {
    const { bytesWritten } = await file.write(data, offset, data.byteLength - offset);
    offset += bytesWritten;
  }
}

function temporaryName(name: string): string {
  const random = Array.from(crypto.getRandomValues(new Uint8Array(6)), (byte) =>
    byte.toString(16).padStart(2, "0"),
  ).join("");
  // Keep the temporary name under the usual 255-byte limit whatever the target's length.
  return `.${name.slice(0, 100)}.${random}.part`;
}

async function syncDirectory(directory: string): Promise<void> {
  // Makes the rename itself durable on POSIX; Windows cannot open directories for this, and durability of the
  // directory entry is a bonus, so failures are ignored.
  try {
    const handle = await open(directory, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // See above.
  }
}

// A deliberately tiny table: the image formats PingOne and 4D pictures accept, and the documents most often stored as
// Cumulocity binaries. Anything else stays untyped rather than guessed; callers pass `type` when they know better.
const MEDIA_TYPES: Readonly<Record<string, string>> = {
  bmp: "image/bmp",
  csv: "text/csv",
  gif: "image/gif",
  gz: "application/gzip",
  htm: "text/html",
  html: "text/html",
  jpeg: "image/jpeg",
  jpg: "image/jpeg",
  json: "application/json",
  pdf: "application/pdf",
  png: "image/png",
  svg: "image/svg+xml",
  tif: "image/tiff",
  tiff: "image/tiff",
  txt: "text/plain",
  webp: "image/webp",
  xml: "application/xml",
  zip: "application/zip",
};

/**
 * The media type for a file name's extension (case-insensitive) from a small fixed table, or `undefined`.
 *
 * @example
 * mediaTypeByExtension("Logo.PNG"); // "image/png"
 */
export function mediaTypeByExtension(filename: string): string | undefined {
  const dot = filename.lastIndexOf(".");
  if (dot <= 0 || dot === filename.length - 1) {
    return undefined;
  }
  const extension = filename.slice(dot + 1).toLowerCase();
  return Object.hasOwn(MEDIA_TYPES, extension) ? MEDIA_TYPES[extension] : undefined;
}

/** Outside browsers, base64 can go through `Buffer`. */
export { createBufferCodec } from "../base64-buffer.ts";
