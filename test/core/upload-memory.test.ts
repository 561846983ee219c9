import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendDefault } from "../../src/core/transport/node.ts";

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;
const MIB = 1024 * 1024;

// Node's fetch keeps a streamed request body alive until the response; the transport's default sends bodies with
// node:http instead. Against a real server, live ArrayBuffers must stay flat while 256 MiB go out.
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    let received = 0;
    request.on("data", (chunk: Buffer) => {
      received += chunk.byteLength;
    });
    request.on("end", () => response.end(String(received)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe("the default transport for request bodies in Node", () => {
  it("streams a 256 MiB body with flat memory", async () => {
    const chunks = 256 * 16;
    let sent = 0;
    collectGarbage();
    // Growth over what the worker already holds: buffering the body would add all 256 MiB of it.
    const baseline = process.memoryUsage().arrayBuffers;
    let peakLive = baseline;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (sent === chunks) {
            controller.close();
            return;
          }
          if (sent % 256 === 0) {
            collectGarbage();
            peakLive = Math.max(peakLive, process.memoryUsage().arrayBuffers);
          }
          sent++;
          controller.enqueue(new Uint8Array(64 * 1024));
        },
      },
      { highWaterMark: 0 },
    );
    const response = await sendDefault({
      request: new Request(`${origin}/upload`, { method: "PUT" }),
      body: { body, size: undefined, type: "application/octet-stream", replayable: false },
      onUploadProgress: undefined,
      signal: undefined,
    });
    expect(await response.text()).toBe(String(256 * MIB));
    expect(peakLive - baseline).toBeLessThan(64 * MIB);
  }, 60_000);
});
