import { Buffer } from "node:buffer";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Download } from "../../src/binary/download.ts";
import { platform as webPlatform } from "../../src/binary/platform/web.ts";
import type { Progress } from "../../src/core/body.ts";
import { InvalidResponseError, isAbortError } from "../../src/core/errors.ts";
import { concatBytes, randomBytes, readAll, seededRandom, streamOf } from "./fixtures/random.ts";

const data = randomBytes(seededRandom(31), 300_000);
const chunks = Array.from({ length: 30 }, (_, index) => data.subarray(index * 10_000, (index + 1) * 10_000));

function binaryResponse(body: BodyInit | null, headers: Record<string, string> = {}, status = 200): Response {
  return new Response(body, { status, headers });
}

function fullResponse(extra: Record<string, string> = {}): Response {
  return binaryResponse(streamOf(chunks), {
    "content-type": "image/jpeg",
    "content-length": String(data.length),
    ...extra,
  });
}

/** A body that delivers `good` chunks and then fails like a dropped connection. */
function failingStream(good: number): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (index < good) {
        controller.enqueue(chunks[index++] ?? new Uint8Array(0));
      } else {
        controller.error(new TypeError("terminated: other side closed"));
      }
    },
  });
}

describe("Download metadata", () => {
  it("reads status, type, size and the filename (filename* preferred, made safe)", () => {
    const download = new Download(
      fullResponse({
        "content-disposition":
          "attachment; filename=\"fallback.jpg\"; filename*=UTF-8''..%2F..%2Fphoto%20%C3%A9t%C3%A9.jpg",
      }),
    );
    expect(download.status).toBe(200);
    expect(download.contentType).toBe("image/jpeg");
    expect(download.size).toBe(data.length);
    expect(download.filename).toBe("photo été.jpg");
    expect(download.range).toBeUndefined();
    expect(download.bodyUsed).toBe(false);
  });

  it("has no filename, type or size when the headers are missing", () => {
    const download = new Download(binaryResponse(streamOf(chunks)));
    expect([download.filename, download.contentType, download.size]).toEqual([undefined, undefined, undefined]);
  });

  it("does not trust Content-Length of an encoded body", () => {
    const download = new Download(fullResponse({ "content-encoding": "gzip" }));
    expect(download.size).toBeUndefined();
  });

  it("reads a 206 range, with the size from Content-Length or else from Content-Range", () => {
    const ranged = new Download(
      binaryResponse(
        streamOf([data.subarray(100, 200)]),
        { "content-range": "bytes 100-199/300000", "content-length": "100" },
        206,
      ),
    );
    expect(ranged.range).toEqual({ start: 100, end: 199, total: 300_000 });
    expect(ranged.size).toBe(100);
    const noLength = new Download(
      binaryResponse(streamOf([data.subarray(0, 50)]), { "content-range": "bytes 0-49/*" }, 206),
    );
    expect(noLength.range).toEqual({ start: 0, end: 49, total: undefined });
    expect(noLength.size).toBe(50);
    expect(new Download(binaryResponse("x", { "content-range": "bytes 0-0/1" }, 200)).range).toBeUndefined();
  });
});

describe("Download consumption", () => {
  it("stream(), blob(), arrayBuffer() and bytes() each return the whole body", async () => {
    expect(Buffer.from(concatBytes(await readAll(new Download(fullResponse()).stream()))).equals(data)).toBe(true);
    const blob = await new Download(fullResponse()).blob();
    expect(blob.type).toBe("image/jpeg");
    expect(Buffer.from(await blob.arrayBuffer()).equals(data)).toBe(true);
    expect(Buffer.from(await new Download(fullResponse()).arrayBuffer()).equals(data)).toBe(true);
    const bytes = await new Download(fullResponse()).bytes();
    expect(Buffer.from(bytes).equals(data)).toBe(true);
    // Known size: a single allocation of exactly that size.
    expect(bytes.buffer.byteLength).toBe(data.length);
    const unsized = await new Download(binaryResponse(streamOf(chunks))).bytes();
    expect(Buffer.from(unsized).equals(data)).toBe(true);
  });

  it("an empty or body-less response reads as zero bytes", async () => {
    expect((await new Download(binaryResponse(null, {}, 204)).bytes()).length).toBe(0);
    expect((await new Download(binaryResponse(new Uint8Array(0), { "content-length": "0" })).blob()).size).toBe(0);
  });

  it("can be consumed once; the second read throws BODY_ALREADY_USED naming the first", async () => {
    const download = new Download(fullResponse());
    const stream = download.stream();
    expect(download.bodyUsed).toBe(true);
    for (const second of [() => download.blob(), () => download.bytes(), () => download.arrayBuffer()]) {
      await expect(second()).rejects.toMatchObject({ name: "InvalidInputError", code: "BODY_ALREADY_USED" });
    }
    expect(() => download.stream()).toThrow(/already consumed by stream\(\)/);
    await stream.cancel();

    const direct = fullResponse();
    await direct.arrayBuffer();
    const afterDirect = new Download(direct);
    expect(afterDirect.bodyUsed).toBe(true);
    await expect(afterDirect.bytes()).rejects.toThrow(/read from the Response directly/);
  });

  it("rejects a body shorter or longer than Content-Length with BODY_LENGTH_MISMATCH", async () => {
    const short = new Download(
      binaryResponse(streamOf(chunks.slice(0, 10)), { "content-length": String(data.length) }),
    );
    const error = await short.bytes().catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ code: "BODY_LENGTH_MISMATCH", kind: "invalid_response" });
    expect((error as Error).message).toContain(`ended after 100000 of the ${data.length} bytes`);
    const long = new Download(binaryResponse(streamOf(chunks), { "content-length": "1000" }));
    await expect(long.blob()).rejects.toMatchObject({ code: "BODY_LENGTH_MISMATCH" });
  });

  it("reports progress whichever way the body is read, ending at loaded === total", async () => {
    for (const read of [
      (d: Download) => d.bytes(),
      (d: Download) => d.blob(),
      (d: Download) => d.arrayBuffer(),
      (d: Download) => readAll(d.stream()),
    ]) {
      const calls: Progress[] = [];
      await read(new Download(fullResponse(), { onProgress: (progress) => calls.push(progress) }));
      expect(calls.length).toBeGreaterThanOrEqual(4);
      expect(calls.at(-1)).toEqual({ loaded: data.length, total: data.length });
    }
  });

  it("makes no final progress call for a truncated body", async () => {
    const calls: Progress[] = [];
    const download = new Download(
      binaryResponse(streamOf(chunks.slice(0, 3)), { "content-length": String(data.length) }),
      {
        onProgress: (progress) => calls.push(progress),
      },
    );
    await expect(download.bytes()).rejects.toMatchObject({ code: "BODY_LENGTH_MISMATCH" });
    expect(calls.every((call) => call.loaded < data.length)).toBe(true);
  });
});

describe("Download.saveTo (Node)", () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), "bytewire-download-"));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it("writes the file and leaves nothing else behind, reporting progress", async () => {
    const calls: Progress[] = [];
    const target = join(directory, "photo.jpg");
    const saved = await new Download(fullResponse(), { onProgress: (progress) => calls.push(progress) }).saveTo(target);
    expect(saved).toEqual({ path: target, size: data.length });
    expect(Buffer.from(await readFile(target)).equals(data)).toBe(true);
    expect(await readdir(directory)).toEqual(["photo.jpg"]);
    expect(calls.at(-1)).toEqual({ loaded: data.length, total: data.length });
  });

  it("accepts a file: URL and replaces an existing file", async () => {
    const target = join(directory, "photo.jpg");
    await writeFile(target, "old contents");
    await new Download(fullResponse()).saveTo(pathToFileURL(target));
    expect(Buffer.from(await readFile(target)).equals(data)).toBe(true);
    expect(await readdir(directory)).toEqual(["photo.jpg"]);
  });

  it("a body that errors midway rejects and leaves no file (and an existing one untouched)", async () => {
    const fresh = join(directory, "fresh.jpg");
    await expect(new Download(binaryResponse(failingStream(5))).saveTo(fresh)).rejects.toThrow("terminated");
    expect(await readdir(directory)).toEqual([]);

    const existing = join(directory, "existing.jpg");
    await writeFile(existing, "previous version");
    await expect(new Download(binaryResponse(failingStream(20))).saveTo(existing)).rejects.toThrow("terminated");
    expect(await readFile(existing, "utf8")).toBe("previous version");
    expect(await readdir(directory)).toEqual(["existing.jpg"]);
  });

  it("a body shorter than Content-Length rejects with BODY_LENGTH_MISMATCH and leaves no file", async () => {
    const short = binaryResponse(streamOf(chunks.slice(0, 29)), { "content-length": String(data.length) });
    await expect(new Download(short).saveTo(join(directory, "short.jpg"))).rejects.toMatchObject({
      code: "BODY_LENGTH_MISMATCH",
    });
    expect(await readdir(directory)).toEqual([]);
  });

  it("aborting stops the download, rejects with bytewire's AbortError (the reason as its cause) and leaves no file", async () => {
    let cancelled = false;
    const stalled = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(1000));
      },
      cancel() {
        cancelled = true;
      },
    });
    const controller = new AbortController();
    const saving = new Download(binaryResponse(stalled)).saveTo(join(directory, "stalled.bin"), {
      signal: controller.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const reason = new Error("user cancelled");
    controller.abort(reason);
    const error = await saving.catch((caught: unknown) => caught);
    expect(isAbortError(error)).toBe(true);
    expect(error).toMatchObject({ kind: "aborted", cause: reason });
    expect(cancelled).toBe(true);
    expect(await readdir(directory)).toEqual([]);
    await expect(
      new Download(fullResponse()).saveTo(join(directory, "x"), { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(await readdir(directory)).toEqual([]);
  });

  it("a missing directory rejects with ENOENT and cancels the body", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(10));
      },
      cancel() {
        cancelled = true;
      },
    });
    await expect(
      new Download(binaryResponse(body)).saveTo(join(directory, "no", "such", "dir.bin")),
    ).rejects.toMatchObject({
      code: "ENOENT",
    });
    expect(cancelled).toBe(true);
  });

  describe("over real HTTP", () => {
    let server: Server;
    let origin: string;
    beforeAll(async () => {
      server = createServer((request, response) => {
        response.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(data.length) });
        if (request.url === "/complete") {
          response.end(data);
        } else {
          // Half the announced body, then the connection drops.
          response.write(data.subarray(0, data.length / 2), () => setTimeout(() => response.destroy(), 20));
        }
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it("saves a complete response", async () => {
      const target = join(directory, "complete.bin");
      await new Download(await fetch(`${origin}/complete`)).saveTo(target);
      expect(Buffer.from(await readFile(target)).equals(data)).toBe(true);
    });

    it("a connection dropped mid-body rejects and leaves no file", async () => {
      const download = new Download(await fetch(`${origin}/dropped`));
      const error = await download.saveTo(join(directory, "dropped.bin")).catch((reason: unknown) => reason);
      // undici's "terminated" becomes a NetworkError; should a runtime end the stream quietly instead, the length
      // check catches it.
      expect(error).toMatchObject({ kind: expect.stringMatching(/^(network|invalid_response)$/) });
      expect((error as Error).message).toMatch(/network error|ended after/);
      expect(await readdir(directory)).toEqual([]);
    });
  });
});

describe("the web platform (what browsers get through #platform)", () => {
  it("saveTo rejects with UNSUPPORTED_RUNTIME and leaves the body unread", async () => {
    let opened = false;
    const error = await webPlatform
      .writeFileAtomically(
        () => {
          opened = true;
          return streamOf<Uint8Array>([]);
        },
        "/tmp/x",
        undefined,
      )
      .catch((reason: unknown) => reason);
    expect(error).toMatchObject({ name: "InvalidInputError", code: "UNSUPPORTED_RUNTIME" });
    expect((error as Error).message).toMatch(/blob\(\) or stream\(\)/);
    expect(opened).toBe(false);
  });

  it("file paths are refused with a hint to pass a File", async () => {
    const error = await webPlatform.openFile("/etc/hosts", undefined).catch((reason: unknown) => reason);
    expect(error).toMatchObject({ code: "UNSUPPORTED_INPUT" });
    expect((error as Error).message).toContain("File or Blob");
  });

  it("#platform resolves to the Node implementation here", async () => {
    const { platform } = await import("#platform");
    expect(platform.kind).toBe("node");
  });
});
