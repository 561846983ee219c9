import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import http, { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { brotliCompressSync, createGzip, deflateSync, gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Progress, RequestBody } from "../../src/core/body.ts";
import { sendDefault } from "../../src/core/transport/node.ts";
import { sameBytes } from "../support/bytes.ts";

// Node's requests go through node:http (see src/core/transport/node.ts); this checks it behaves like fetch against a
// real server, without MSW in between.
// Each answers the request's headers as JSON, encoded with the content coding it is named after.
const ENCODINGS: Record<string, ((bytes: Buffer) => Buffer) | undefined> = {
  gzip: gzipSync,
  "x-gzip": gzipSync,
  deflate: deflateSync,
  br: brotliCompressSync,
};

let server: Server;
let endlessClosedResolve: () => void;
const endlessClosed = new Promise<void>((resolve) => {
  endlessClosedResolve = resolve;
});
let origin: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === "/hang") {
      return;
    }
    const encode = ENCODINGS[request.url?.slice(1) ?? ""];
    if (encode !== undefined) {
      response.writeHead(200, { "content-type": "application/json", "content-encoding": request.url?.slice(1) });
      response.end(encode(Buffer.from(JSON.stringify(request.headers))));
      return;
    }
    if (request.url === "/gzip-endless") {
      response.writeHead(200, { "content-encoding": "gzip" });
      const gzip = createGzip();
      gzip.pipe(response);
      const timer = setInterval(() => gzip.write(randomBytes(16_384)), 1);
      response.on("close", () => {
        clearInterval(timer);
        endlessClosedResolve();
      });
      return;
    }
    if (request.url === "/cut") {
      response.writeHead(200, { "content-length": "100" });
      response.write("first ten.");
      setTimeout(() => response.destroy(), 20);
      return;
    }
    if (request.url === "/trickle") {
      response.writeHead(200, { "content-length": "100" });
      response.write("first ten.");
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      if (request.url === "/empty") {
        response.writeHead(204).end();
        return;
      }
      response.setHeader("set-cookie", ["a=1", "b=2"]);
      response.writeHead(201, "Created", {
        "content-type": "application/octet-stream",
        "x-method": request.method ?? "",
        "x-content-length": request.headers["content-length"] ?? "",
        "x-transfer-encoding": request.headers["transfer-encoding"] ?? "",
      });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const send = (request: Request, body?: RequestBody, onUploadProgress?: (progress: Progress) => void) =>
  sendDefault({ request, signal: request.signal, body, onUploadProgress });

function streamOf(chunks: number, size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent === chunks) {
        controller.close();
        return;
      }
      controller.enqueue(new Uint8Array(size).fill(sent++ % 251));
    },
  });
}

describe("the node:http transport", () => {
  it("streams a request body and answers a fetch Response with status, status text, headers and body", async () => {
    const request = new Request(`${origin}/echo`, {
      method: "PUT",
      body: streamOf(64, 16_384),
      duplex: "half",
    } as RequestInit);
    const response = await send(request);
    expect(response.status).toBe(201);
    expect(response.statusText).toBe("Created");
    expect(response.headers.get("x-method")).toBe("PUT");
    expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(bytes.byteLength).toBe(64 * 16_384);
    expect(bytes[16_384 * 3]).toBe(3);
  });

  it("sends a Blob body and answers 204 with a null body", async () => {
    const response = await send(new Request(`${origin}/empty`, { method: "POST", body: new Blob(["hello"]) }));
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it("rejects with the abort reason when the request's signal aborts mid-flight", async () => {
    const controller = new AbortController();
    const reason = new Error("stop");
    const pending = send(new Request(`${origin}/hang`, { method: "POST", body: "x", signal: controller.signal }));
    setTimeout(() => controller.abort(reason), 20);
    await expect(pending).rejects.toBe(reason);
  });

  it("rejects with a TypeError carrying the cause when the body stream fails, like fetch", async () => {
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new RangeError("source broke"));
      },
    });
    const request = new Request(`${origin}/echo`, { method: "PUT", body: failing, duplex: "half" } as RequestInit);
    const error = await send(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).cause).toBeInstanceOf(RangeError);
  });

  it("rejects with a TypeError when nothing listens", async () => {
    const error = await send(new Request("http://127.0.0.1:9/x", { method: "POST", body: "x" })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
  });

  it("sends a body it can open as a Node stream (a file) with its Content-Length, counting progress up to the total", async () => {
    const directory = await mkdtemp(join(tmpdir(), "bytewire-transport-"));
    try {
      const path = join(directory, "file.bin");
      const bytes = new Uint8Array(3 * 1024 * 1024 + 17).map((_, index) => index % 253);
      await writeFile(path, bytes);
      const calls: Progress[] = [];
      const response = await send(
        new Request(`${origin}/echo`, { method: "PUT" }),
        {
          body: new Blob([]),
          size: bytes.byteLength,
          type: "application/octet-stream",
          replayable: true,
          open: () => createReadStream(path, { highWaterMark: 1024 * 1024 }),
        },
        (progress) => calls.push(progress),
      );
      expect(response.headers.get("x-content-length")).toBe(String(bytes.byteLength));
      expect(sameBytes(new Uint8Array(await response.arrayBuffer()), bytes)).toBe(true);
      expect(calls.at(-1)).toEqual({ loaded: bytes.byteLength, total: bytes.byteLength });
      expect(calls.length).toBeGreaterThan(1);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it("sends a text body with its byte length (not its character count)", async () => {
    const text = "Grüße ✓";
    const response = await send(new Request(`${origin}/echo`, { method: "POST" }), {
      body: text,
      size: undefined,
      type: "text/plain",
      replayable: true,
    });
    expect(response.headers.get("x-content-length")).toBe(String(new TextEncoder().encode(text).byteLength));
    expect(await response.text()).toBe(text);
  });

  it("streams a body of unknown length chunked", async () => {
    const response = await send(new Request(`${origin}/echo`, { method: "POST" }), {
      body: streamOf(4, 1000),
      size: undefined,
      type: undefined,
      replayable: false,
    });
    expect(response.headers.get("x-transfer-encoding")).toBe("chunked");
    expect((await response.arrayBuffer()).byteLength).toBe(4000);
  });

  it("sends a bodyless request through node:http while globalThis.fetch is Node's own", async () => {
    const request = vi.spyOn(http, "request");
    const response = await send(new Request(`${origin}/echo`, { method: "GET" }));
    expect(response.status).toBe(201);
    expect(response.headers.get("x-method")).toBe("GET");
    expect(response.url).toBe(`${origin}/echo`);
    expect(request).toHaveBeenCalledTimes(1);
  });

  it("sends a bodyless request through globalThis.fetch once something replaced it (MSW, a test stub)", async () => {
    const request = vi.spyOn(http, "request");
    const stub = vi.fn(async () => new Response("stubbed"));
    vi.stubGlobal("fetch", stub);
    const response = await send(new Request(`${origin}/echo`, { method: "GET" }));
    expect(await response.text()).toBe("stubbed");
    expect(stub).toHaveBeenCalledTimes(1);
    expect(request).not.toHaveBeenCalled();
  });

  it("asks for and decodes the content codings Node's fetch decodes, keeping the caller's Accept", async () => {
    for (const coding of Object.keys(ENCODINGS)) {
      const response = await send(new Request(`${origin}/${coding}`, { headers: { accept: "application/json" } }));
      expect(response.headers.get("content-encoding")).toBe(coding);
      const sent = (await response.json()) as Record<string, string>;
      expect(sent["accept-encoding"]).toBe("gzip, deflate");
      expect(sent["accept"]).toBe("application/json");
    }
    const plain = await send(new Request(`${origin}/gzip`, { headers: { "accept-encoding": "identity" } }));
    expect(((await plain.json()) as Record<string, string>)["accept"]).toBe("*/*");
  });

  it("closes the connection when a decoded body is cancelled", async () => {
    const response = await send(new Request(`${origin}/gzip-endless`));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();
    await endlessClosed;
  });

  it("errors a body cut short with fetch's TypeError, and a body aborted while read with the abort reason", async () => {
    const cut = await send(new Request(`${origin}/cut`));
    const error = await cut.text().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe("terminated");

    const controller = new AbortController();
    const reason = new Error("stop");
    const trickle = await send(new Request(`${origin}/trickle`, { signal: controller.signal }));
    const reading = trickle.text();
    controller.abort(reason);
    await expect(reading).rejects.toBe(reason);
  });

  it("answers HEAD with a null body", async () => {
    const response = await send(new Request(`${origin}/echo`, { method: "HEAD" }));
    expect(response.status).toBe(201);
    expect(response.body).toBeNull();
  });

  it("errors SIZE_MISMATCH when a body opened as a Node stream carries more or fewer bytes than its declared size", async () => {
    for (const size of [3999, 4001]) {
      const error = await send(new Request(`${origin}/echo`, { method: "POST" }), {
        body: new Blob([]),
        size,
        type: undefined,
        replayable: false,
        open: () => Readable.from([Buffer.alloc(2000), Buffer.alloc(2000)]),
      }).catch((caught: unknown) => caught);
      expect((error as Error).cause ?? error).toMatchObject({ name: "InvalidInputError", code: "SIZE_MISMATCH" });
    }
  });
});
