import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Download } from "bytewire";
import { describe, expect, it } from "vitest";

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;
const MIB = 1024 * 1024;

// saveTo once raced every read against a never-settling "aborted" promise; each race left a reaction on it holding
// that read's chunk, so a download stayed whole in memory until it finished. Live ArrayBuffers must stay flat.
describe("Download.saveTo memory", () => {
  it("keeps live ArrayBuffers flat while writing 256 MiB to a file", async () => {
    const chunks = 256 * 16;
    let sent = 0;
    collectGarbage();
    // Growth over what the worker already holds: buffering the body would add all 256 MiB of it.
    const baseline = process.memoryUsage().arrayBuffers;
    let peakLive = baseline;
    const body = new ReadableStream<Uint8Array>({
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
    });
    const dir = await mkdtemp(join(tmpdir(), "bytewire-save-"));
    try {
      const download = new Download(new Response(body, { headers: { "content-length": String(chunks * 64 * 1024) } }));
      const saved = await download.saveTo(join(dir, "big.bin"), { signal: new AbortController().signal });
      expect(saved.size).toBe(256 * MIB);
      expect((await stat(saved.path)).size).toBe(256 * MIB);
      expect(peakLive - baseline).toBeLessThan(64 * MIB);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
