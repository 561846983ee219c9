import { appendFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { concatBytes, randomBytes, readAll, seededRandom } from "./fixtures/random.ts";

// Two runtimes' file Blobs, reproduced in Node: `npm run test:matrix` runs the real Bun and Deno.
// - Bun 1.4's file-backed Blobs (`fs.openAsBlob`, `Bun.file`) report their size and stream their bytes, but add nothing
//   when composed into another Blob: `new Blob(["head", blob, "tail"]).size` is 8. A multipart body composed that
//   way uploaded an empty file and the call reported success.
// - Deno 2.9's `fs.openAsBlob` reads the whole file into memory.

/**
 * A Blob that, as Bun's file Blobs, has its size and its stream but does not carry its bytes into a Blob composed from
 * it. Node's Blob constructor reads a Blob part through an internal symbol; hiding the symbols makes it take the part
 * for a plain object (composed as the text "[object Blob]"), while `size` and `stream()` answer from the real Blob.
 */
function nonComposing(blob: Blob): Blob {
  return new Proxy(blob, {
    get(target, property) {
      if (typeof property === "symbol" && property !== Symbol.toStringTag) {
        return undefined;
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const openAsBlob = vi.hoisted(() => ({ composes: true }));
vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs")>();
  return {
    ...actual,
    openAsBlob: async (path: string, options?: { type?: string }) =>
      openAsBlob.composes ? actual.openAsBlob(path, options) : nonComposing(await actual.openAsBlob(path, options)),
  };
});

const data = randomBytes(seededRandom(7), 200_000);
let directory: string;
let path: string;

// Loaded afresh after vi.mock: the setup file has loaded the SDK with the real node:fs already.
let toUploadBody: typeof import("../../src/binary/upload-input.ts").toUploadBody;
let createMultipartBody: typeof import("bytewire").createMultipartBody;
let InvalidInputError: typeof import("bytewire").InvalidInputError;

beforeAll(async () => {
  vi.resetModules();
  ({ toUploadBody } = await import("../../src/binary/upload-input.ts"));
  ({ createMultipartBody, InvalidInputError } = await import("bytewire"));
  directory = await mkdtemp(join(tmpdir(), "bytewire-file-blob-"));
  path = join(directory, "data.bin");
});

afterEach(async () => {
  openAsBlob.composes = true;
  delete (globalThis as { Deno?: unknown }).Deno;
  await writeFile(path, data);
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function bytesOf(body: Blob | ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return body instanceof Blob ? new Uint8Array(await body.arrayBuffer()) : concatBytes(await readAll(body));
}

/** The file part's bytes, cut out of a multipart body between its headers and the closing boundary. */
function filePart(multipart: Uint8Array, boundary: string): Uint8Array {
  const text = new TextDecoder("latin1").decode(multipart);
  const start = text.indexOf("\r\n\r\n") + 4;
  const end = text.lastIndexOf(`\r\n--${boundary}--`);
  return multipart.subarray(start, end);
}

describe("uploading a file path", () => {
  it("sends the lazy file Blob where file Blobs compose (Node)", async () => {
    await writeFile(path, data);
    const upload = await toUploadBody(path);
    expect(upload.body).toBeInstanceOf(Blob);
    expect(upload).toMatchObject({ size: data.byteLength, replayable: true });
    expect(await bytesOf(upload.body)).toEqual(data);
  });

  it("streams the file where file Blobs lose their bytes when composed (Bun), so a multipart body is whole", async () => {
    await writeFile(path, data);
    openAsBlob.composes = false;
    const upload = await toUploadBody(path);
    expect(upload.body).toBeInstanceOf(ReadableStream);
    expect(upload).toMatchObject({ size: data.byteLength, replayable: false, name: "data.bin" });
    const multipart = createMultipartBody([{ name: "file", value: upload }], { boundary: "b" });
    const sent = await bytesOf(multipart.body);
    expect(multipart.size).toBe(sent.byteLength);
    expect(filePart(sent, "b")).toEqual(data);
  });

  it("streams the file in Deno, whose openAsBlob reads the whole file into memory", async () => {
    await writeFile(path, data);
    (globalThis as { Deno?: unknown }).Deno = {};
    const upload = await toUploadBody(path);
    expect(upload.body).toBeInstanceOf(ReadableStream);
    expect(upload.size).toBe(data.byteLength);
    expect(await bytesOf(upload.body)).toEqual(data);
  });

  it("fails the streamed body when the file grew after it was opened, instead of sending another length", async () => {
    await writeFile(path, data);
    openAsBlob.composes = false;
    const upload = await toUploadBody(path);
    await appendFile(path, "more");
    const failure = await bytesOf(upload.body).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(InvalidInputError);
    expect(failure).toMatchObject({ code: "SIZE_MISMATCH" });
  });
});

describe("a multipart body with a file Blob given by the caller", () => {
  it("streams the parts when the composed Blob would drop the file's bytes (Bun's Bun.file, openAsBlob)", async () => {
    const file = nonComposing(new Blob([data]));
    expect(file.size).toBe(data.byteLength);
    expect(new Blob(["head", file, "tail"]).size).not.toBe(8 + data.byteLength);
    const multipart = createMultipartBody([{ name: "file", value: file, filename: "data.bin" }], { boundary: "b" });
    expect(multipart.body).toBeInstanceOf(ReadableStream);
    const sent = await bytesOf(multipart.body);
    expect(multipart.size).toBe(sent.byteLength);
    expect(filePart(sent, "b")).toEqual(data);
  });

  it("stays one lazy, re-sendable Blob where Blobs compose", async () => {
    const multipart = createMultipartBody([{ name: "file", value: new Blob([data]) }], { boundary: "b" });
    expect(multipart.body).toBeInstanceOf(Blob);
    expect(filePart(await bytesOf(multipart.body), "b")).toEqual(data);
  });
});
