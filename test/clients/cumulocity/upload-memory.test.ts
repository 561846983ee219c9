import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { type CumulocityBinary, createCumulocityClient } from "bytewire/cumulocity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, BASE_URL } from "./harness.ts";

// These tests measure memory, so the request goes to a fetch that reads the body as a network would, chunk by chunk
// and without keeping it; the MSW mock would buffer the whole body to parse it and hide what the client does.

const MiB = 1024 * 1024;

// Garbage (the chunks already sent) would otherwise count as growth until V8 happens to collect it; a collection
// before each sample leaves only what is still referenced.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

/** Resident set and ArrayBuffer memory after a full collection. */
function liveMemory(): { rss: number; arrayBuffers: number } {
  collectGarbage();
  const { rss, arrayBuffers } = process.memoryUsage();
  return { rss, arrayBuffers };
}
const FILE_SIZE = 50 * MiB;
const CHUNK = 64 * 1024;

/** A 50 MiB source that allocates a fresh chunk per pull (so a client that kept chunks would grow) and counts them. */
function countedSource(): {
  stream: ReadableStream<Uint8Array>;
  pulledBytes: () => number;
  pulledChunks: () => number;
} {
  let pulledBytes = 0;
  let pulledChunks = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulledBytes >= FILE_SIZE) {
          controller.close();
          return;
        }
        const chunk = new Uint8Array(CHUNK).fill(pulledChunks & 0xff);
        pulledBytes += CHUNK;
        pulledChunks++;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulledBytes: () => pulledBytes, pulledChunks: () => pulledChunks };
}

interface Consumed {
  bytes: number;
  reads: number;
  /** The most bytes the source had handed out ahead of what the receiver had read. */
  maxLead: number;
  /** The most the resident set grew above the baseline while the body was read (after collecting garbage). */
  rssGrowth: number;
  /** The most the ArrayBuffer memory grew above the baseline while the body was read (after collecting garbage). */
  arrayBufferGrowth: number;
  /** The first bytes of the body, to check the multipart framing. */
  head: string;
  /** The last bytes of the body. */
  tail: string;
}

/** A fetch that reads the request body like a network would, measures, and answers 201 with a managed object. */
function consumingFetch(pulledBytes: () => number, onConsumed: (consumed: Consumed) => void) {
  return async (request: Request): Promise<Response> => {
    const baseline = liveMemory();
    const consumed: Consumed = {
      bytes: 0,
      reads: 0,
      maxLead: 0,
      rssGrowth: 0,
      arrayBufferGrowth: 0,
      head: "",
      tail: "",
    };
    const reader = (request.body as ReadableStream<Uint8Array>).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        break;
      }
      if (consumed.head.length < 200) {
        consumed.head += Buffer.from(value.subarray(0, 200)).toString("latin1");
      }
      consumed.tail = (consumed.tail + Buffer.from(value.subarray(-100)).toString("latin1")).slice(-100);
      consumed.bytes += value.byteLength;
      consumed.reads++;
      consumed.maxLead = Math.max(consumed.maxLead, pulledBytes() - consumed.bytes);
      if (consumed.reads % 64 === 0) {
        const now = liveMemory();
        consumed.rssGrowth = Math.max(consumed.rssGrowth, now.rss - baseline.rss);
        consumed.arrayBufferGrowth = Math.max(consumed.arrayBufferGrowth, now.arrayBuffers - baseline.arrayBuffers);
      }
    }
    onConsumed(consumed);
    const binary: CumulocityBinary = {
      id: "3",
      self: `${BASE_URL}/inventory/binaries/3`,
      name: "big.bin",
      type: "application/octet-stream",
      contentType: "application/octet-stream",
      length: FILE_SIZE,
      owner: "admin",
      lastUpdated: new Date(0).toISOString(),
      c8y_IsBinary: {},
    };
    return Response.json(binary, { status: 201, headers: { location: binary.self } });
  };
}

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "bytewire-c8y-memory-"));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("upload of 50 MiB without buffering", () => {
  it("streams a 50 MiB ReadableStream: the source is pulled only as the receiver reads, and RSS stays flat", async () => {
    const source = countedSource();
    let consumed: Consumed | undefined;
    let pulledWhenSent = -1;
    const receive = consumingFetch(source.pulledBytes, (result) => {
      consumed = result;
    });
    const client = createCumulocityClient({
      baseUrl: BASE_URL,
      auth: ADMIN,
      fetch: (request) => {
        pulledWhenSent = source.pulledChunks();
        return receive(request);
      },
    });
    const binary = await client.upload(source.stream, { name: "big.bin" }, { size: FILE_SIZE });
    expect(binary.length).toBe(FILE_SIZE);
    // Nothing was read ahead before the request left, and every chunk of the source was sent exactly once.
    expect(pulledWhenSent).toBeLessThanOrEqual(1);
    expect(source.pulledChunks()).toBe(FILE_SIZE / CHUNK);
    const result = consumed as Consumed;
    expect(result.bytes).toBeGreaterThan(FILE_SIZE);
    expect(result.bytes).toBeLessThan(FILE_SIZE + 1024);
    expect(result.head).toMatch(/^------bytewire-[0-9a-f]{32}\r\nContent-Disposition: form-data; name="object"\r\n/);
    expect(result.tail).toMatch(/\r\n------bytewire-[0-9a-f]{32}--\r\n$/);
    // At most a few chunks in flight between the source and the receiver: the client holds no copy of the file.
    expect(result.maxLead).toBeLessThanOrEqual(4 * CHUNK);
    expect(result.arrayBufferGrowth).toBeLessThan(16 * MiB);
    expect(result.rssGrowth).toBeLessThan(32 * MiB);
    console.log(
      `50 MiB stream upload: ${result.reads} reads, source at most ${result.maxLead} bytes ahead, ` +
        `growth: RSS ${(result.rssGrowth / MiB).toFixed(1)} MiB, ArrayBuffers ${(result.arrayBufferGrowth / MiB).toFixed(1)} MiB`,
    );
  });

  it("streams a 50 MiB file given by path (a lazy file-backed Blob) with progress, RSS flat", async () => {
    const path = join(folder, "big.bin");
    await writeFile(path, Buffer.alloc(FILE_SIZE, 7));
    let consumed: Consumed | undefined;
    const client = createCumulocityClient({
      baseUrl: BASE_URL,
      auth: ADMIN,
      fetch: consumingFetch(
        () => 0,
        (result) => {
          consumed = result;
        },
      ),
    });
    let progressCalls = 0;
    let lastLoaded = 0;
    const binary = await client.upload(
      path,
      {},
      {
        onUploadProgress: ({ loaded }) => {
          progressCalls++;
          lastLoaded = loaded;
        },
      },
    );
    expect(binary.name).toBe("big.bin");
    const result = consumed as Consumed;
    expect(result.bytes).toBe(lastLoaded);
    expect(progressCalls).toBeGreaterThanOrEqual(FILE_SIZE / (64 * 1024));
    expect(result.head).toContain('name="file"; filename="big.bin"');
    expect(result.arrayBufferGrowth).toBeLessThan(16 * MiB);
    expect(result.rssGrowth).toBeLessThan(32 * MiB);
    console.log(
      `50 MiB file upload: ${result.reads} reads, growth: RSS ${(result.rssGrowth / MiB).toFixed(1)} MiB, ` +
        `ArrayBuffers ${(result.arrayBufferGrowth / MiB).toFixed(1)} MiB`,
    );
  });
});
