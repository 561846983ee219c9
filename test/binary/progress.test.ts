import { describe, expect, it } from "vitest";
import {
  createProgressStream,
  PROGRESS_INTERVAL_BYTES,
  type Progress,
  type ProgressCallback,
} from "../../src/core/body.ts";
import { readAll, streamOf } from "./fixtures/random.ts";

const KIB = 1024;

function chunksOf(size: number, count: number): Uint8Array[] {
  return Array.from({ length: count }, () => new Uint8Array(size));
}

function trackProgress(stream: ReadableStream<Uint8Array>, total: number | undefined, onProgress: ProgressCallback) {
  return stream.pipeThrough(createProgressStream(total, onProgress));
}

describe("createProgressStream", () => {
  it("reports every 64 KiB and once at the end, with loaded === total last", async () => {
    const calls: Progress[] = [];
    const total = 1000 * KIB;
    const out = await readAll(trackProgress(streamOf(chunksOf(10 * KIB, 100)), total, (p) => calls.push(p)));
    expect(out).toHaveLength(100);
    expect(PROGRESS_INTERVAL_BYTES).toBe(64 * KIB);
    // 10 KiB chunks: a report after 70 KiB, 140 KiB, ... (each at least 64 KiB after the previous), then the end.
    expect(calls.slice(0, 3)).toEqual([
      { loaded: 70 * KIB, total },
      { loaded: 140 * KIB, total },
      { loaded: 210 * KIB, total },
    ]);
    expect(calls.at(-1)).toEqual({ loaded: total, total });
    expect(calls).toHaveLength(15);
    for (const [index, call] of calls.entries()) {
      const previous = calls[index - 1]?.loaded ?? 0;
      expect(call.loaded).toBeGreaterThan(previous);
    }
  });

  it("reports big chunks once each and does not repeat the final value", async () => {
    const calls: Progress[] = [];
    await readAll(trackProgress(streamOf(chunksOf(200 * KIB, 3)), 600 * KIB, (p) => calls.push(p)));
    expect(calls).toEqual([
      { loaded: 200 * KIB, total: 600 * KIB },
      { loaded: 400 * KIB, total: 600 * KIB },
      { loaded: 600 * KIB, total: 600 * KIB },
    ]);
  });

  it("reports small and empty bodies once, at the end, with an unknown total", async () => {
    const small: Progress[] = [];
    await readAll(trackProgress(streamOf(chunksOf(100, 3)), undefined, (p) => small.push(p)));
    expect(small).toEqual([{ loaded: 300, total: undefined }]);
    const empty: Progress[] = [];
    await readAll(trackProgress(streamOf<Uint8Array>([]), 0, (p) => empty.push(p)));
    expect(empty).toEqual([{ loaded: 0, total: 0 }]);
  });

  it("makes no final call when the stream errors, and passes the error on", async () => {
    const calls: Progress[] = [];
    let pulls = 0;
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        if (pulls > 2) {
          controller.error(new Error("connection reset"));
        } else {
          controller.enqueue(new Uint8Array(100 * KIB));
        }
      },
    });
    await expect(readAll(trackProgress(failing, 1000 * KIB, (p) => calls.push(p)))).rejects.toThrow("connection reset");
    expect(calls).toEqual([
      { loaded: 100 * KIB, total: 1000 * KIB },
      { loaded: 200 * KIB, total: 1000 * KIB },
    ]);
  });

  it("errors the stream when the callback throws", async () => {
    const stream = trackProgress(streamOf(chunksOf(100, 1)), 100, () => {
      throw new Error("callback bug");
    });
    await expect(readAll(stream)).rejects.toThrow("callback bug");
  });
});
