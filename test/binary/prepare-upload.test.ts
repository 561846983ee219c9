import { afterEach, describe, expect, it, vi } from "vitest";
import { prepareUpload } from "../../src/binary/prepare-upload.ts";
import type { Progress } from "../../src/binary/progress.ts";
import type { UploadBody } from "../../src/binary/upload-body.ts";
import type { TransportOverrides } from "../../src/core/client.ts";
import type { Transport } from "../../src/core/transport.ts";
import { concatBytes, randomBytes, readAll, seededRandom, streamOf } from "./fixtures/random.ts";

// Node paths only: the browser path (XMLHttpRequest for a Blob with progress) runs in Chromium.

const data = randomBytes(seededRandom(7), 200_000);

function blobUpload(bytes: Uint8Array<ArrayBuffer> = data): UploadBody {
  return { body: new Blob([bytes]), size: bytes.byteLength, type: undefined, name: undefined, replayable: true };
}

function streamUpload(size: number | undefined): UploadBody {
  const chunks = Array.from({ length: 10 }, (_, index) => data.subarray(index * 20_000, (index + 1) * 20_000));
  return { body: streamOf(chunks), size, type: undefined, name: undefined, replayable: false };
}

/** A transportWith that records being asked; prepareUpload must not ask outside browsers. */
function transportSpy() {
  const transport: Transport = async () => new Response(null);
  const transportWith = vi.fn((_overrides: TransportOverrides) => transport);
  return { transportWith };
}

async function bytesOf(body: Blob | ReadableStream<Uint8Array>): Promise<Buffer> {
  const bytes = body instanceof Blob ? new Uint8Array(await body.arrayBuffer()) : concatBytes(await readAll(body));
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Whether the body carries exactly `data` (Buffer comparison: vitest's deep equality is slow on 200 kB). */
async function carriesData(body: Blob | ReadableStream<Uint8Array>): Promise<boolean> {
  return (await bytesOf(body)).equals(data);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("prepareUpload without progress", () => {
  it("hands out the Blob itself on every attempt, replayable, on the default fetch", async () => {
    const upload = blobUpload();
    const spy = transportSpy();
    const prepared = prepareUpload(upload, spy);
    expect(prepared.body()).toBe(upload.body);
    expect(prepared.body()).toBe(upload.body);
    expect(prepared.replayable).toBe(true);
    expect(prepared.fetch).toBeUndefined();
    expect(spy.transportWith).not.toHaveBeenCalled();
  });

  it("hands out the one stream, not replayable", async () => {
    const upload = streamUpload(undefined);
    const prepared = prepareUpload(upload, { ...transportSpy(), onUploadProgress: undefined });
    expect(prepared.body()).toBe(upload.body);
    expect(prepared.replayable).toBe(false);
    expect(await carriesData(prepared.body())).toBe(true);
  });
});

describe("prepareUpload with progress in Node", () => {
  it("turns a Blob into a fresh counting stream per attempt, so it stays replayable and each attempt counts", async () => {
    const calls: Progress[] = [];
    const spy = transportSpy();
    const prepared = prepareUpload(blobUpload(), { ...spy, onUploadProgress: (progress) => calls.push(progress) });
    expect(prepared.replayable).toBe(true);
    expect(prepared.fetch).toBeUndefined();

    const first = prepared.body();
    const second = prepared.body();
    expect(first).toBeInstanceOf(ReadableStream);
    expect(second).not.toBe(first);
    // Lazy: nothing is read, and nothing reported, until the body is consumed.
    expect(calls).toEqual([]);

    expect(await carriesData(first)).toBe(true);
    const firstAttempt = calls.splice(0);
    expect(firstAttempt.at(-1)).toEqual({ loaded: 200_000, total: 200_000 });
    expect(firstAttempt.every((call) => call.total === 200_000)).toBe(true);

    expect(await carriesData(second)).toBe(true);
    expect(calls.at(-1)).toEqual({ loaded: 200_000, total: 200_000 });
    expect(spy.transportWith).not.toHaveBeenCalled();
  });

  it("counts a stream once as it goes, with the declared size as total or none, and never replays it", async () => {
    const known: Progress[] = [];
    const prepared = prepareUpload(streamUpload(200_000), {
      ...transportSpy(),
      onUploadProgress: (progress) => known.push(progress),
    });
    expect(prepared.replayable).toBe(false);
    expect(prepared.body()).toBe(prepared.body());
    expect(await carriesData(prepared.body())).toBe(true);
    expect(known.at(-1)).toEqual({ loaded: 200_000, total: 200_000 });

    const unknown: Progress[] = [];
    const sizeless = prepareUpload(streamUpload(undefined), {
      ...transportSpy(),
      onUploadProgress: (progress) => unknown.push(progress),
    });
    await bytesOf(sizeless.body());
    expect(unknown.length).toBeGreaterThan(1);
    expect(unknown.every((call) => call.total === undefined)).toBe(true);
    expect(unknown.at(-1)?.loaded).toBe(200_000);
  });

  it("stays on fetch in Node even where XMLHttpRequest and document exist (jsdom, polyfills)", async () => {
    vi.stubGlobal("XMLHttpRequest", class FakeXMLHttpRequest {});
    vi.stubGlobal("document", {});
    const spy = transportSpy();
    const prepared = prepareUpload(blobUpload(), { ...spy, onUploadProgress: () => undefined });
    expect(prepared.fetch).toBeUndefined();
    expect(prepared.body()).toBeInstanceOf(ReadableStream);
    expect(spy.transportWith).not.toHaveBeenCalled();
  });

  it("errors the body when the progress callback throws, so a failing UI does not look like a finished upload", async () => {
    const prepared = prepareUpload(blobUpload(), {
      ...transportSpy(),
      onUploadProgress: () => {
        throw new Error("progress bar gone");
      },
    });
    await expect(bytesOf(prepared.body())).rejects.toThrow("progress bar gone");
  });
});
