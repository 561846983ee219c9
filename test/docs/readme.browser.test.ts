// The ```ts browser blocks of README.md, run in Chromium. readme.test.ts type-checks them; here each one is written
// to test-results/readme/browser/ (git-ignored), imported as a module, and every function it exports is called with a
// picked file. The README's http://localhost:4010 becomes the mock server of the browser global setup, called across
// origins as a front end calls `npm start`; the block that starts MSW's worker runs last, against the worker alone.
// Static imports of every client, so that Vite has bundled their dependencies before the blocks import them.
import "bytewire";
import "bytewire/fourd";
import { describe, expect, inject, it } from "vitest";
import { commands } from "vitest/browser";
import { blockLabel, README_MOCK_URL, type ReadmeBlock, readmeBlocks } from "./readme-blocks.ts";

const browserBlocks = readmeBlocks(await commands.readFile("README.md")).filter((block) => block.kind === "browser");
// While MSW's worker runs it answers every request of the page, whatever the origin: the block that starts it runs last.
const startsWorker = (block: ReadmeBlock) => block.code.includes("startMockWorker(");
const ordered = [...browserBlocks.filter((block) => !startsWorker(block)), ...browserBlocks.filter(startsWorker)];

const mockServerUrl = inject("mockServerUrl");
const ran = new Set<number>();

/** What a user picks in `<input type="file">`: a 48 x 32 PNG (every API here takes images). */
async function pickedFile(): Promise<File> {
  const canvas = new OffscreenCanvas(48, 32);
  const context = canvas.getContext("2d");
  if (context) {
    context.fillStyle = "#3a7";
    context.fillRect(0, 0, 48, 32);
  }
  const png = await canvas.convertToBlob({ type: "image/png" });
  return new File([png], "picked.png", { type: "image/png" });
}

describe("README.md browser blocks in Chromium", () => {
  it("has browser blocks", () => {
    expect(browserBlocks.length).toBeGreaterThan(0);
  });

  for (const block of ordered) {
    it(`runs ${blockLabel(block)}`, async () => {
      const name = `block-${String(block.index).padStart(2, "0")}.ts`;
      await commands.writeFile(
        `test-results/readme/browser/${name}`,
        block.code.replaceAll(README_MOCK_URL, mockServerUrl),
      );
      const module: Record<string, unknown> = await import(/* @vite-ignore */ `/test-results/readme/browser/${name}`);
      const file = await pickedFile();
      for (const [exported, value] of Object.entries(module)) {
        if (typeof value !== "function") {
          continue;
        }
        const result: unknown = await value(file);
        // An object URL handed back is the file as the server stored it: the same bytes that were picked.
        if (typeof result === "string" && result.startsWith("blob:")) {
          const stored = await (await fetch(result)).blob();
          expect(stored.size, `${exported}() of ${blockLabel(block)}`).toBe(file.size);
        }
      }
      ran.add(block.index);
    }, 60_000);
  }

  it("ran every browser block", () => {
    expect([...ran].sort((a, b) => a - b)).toEqual(browserBlocks.map((block) => block.index));
  });
});
