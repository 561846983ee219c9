import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uploadFetch } from "../../src/core/upload-fetch/node.ts";

// Node's request bodies go through node:http (see src/core/upload-fetch/node.ts); this checks it behaves like fetch
// against a real server, without MSW in between.
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === "/hang") {
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
      });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const send = (request: Request) => {
  if (!uploadFetch) {
    throw new Error("uploadFetch is Node-only and must exist here");
  }
  return uploadFetch(request);
};

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

describe("the node:http upload fetch", () => {
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
});
