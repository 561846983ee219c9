import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { kindOf, operations } from "./code-samples.ts";
import { blockLabel, type ReadmeBlock, readmeBlocks } from "./readme-blocks.ts";

// The TypeScript a reader copies, type-checked against the SDK with the project's tsconfig (DOM lib included), in one
// compiler pass: every TypeScript `x-codeSamples` entry of the document and every TypeScript block of README.md
// (Node, browser and vitest blocks). samples.test.ts and readme.test.ts run them; readme.browser.test.ts runs the
// browser blocks in Chromium.

const root = resolve(import.meta.dirname, "../..");
const folder = join(root, "test-results", "typecheck");
const buildInfo = join(root, "build", "tsc", "docs-typecheck.tsbuildinfo");

const readme = readmeBlocks(readFileSync(join(root, "README.md"), "utf8")).filter(
  (block) => block.kind === "node" || block.kind === "browser" || block.kind === "vitest",
);
const samples = operations.flatMap((operation) =>
  operation.samples.filter((sample) => kindOf(sample) === "TypeScript").map((sample) => ({ operation, sample })),
);

/** Where each checked file comes from, to point errors at it. */
const origins = new Map<string, { readme?: ReadmeBlock; operationId?: string }>();
let errors: string[] = [];
let exitCode: number | string = "not run";

beforeAll(async () => {
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  for (const block of readme) {
    const name = `readme-${String(block.index).padStart(2, "0")}.ts`;
    const isModule = /^\s*(import|export)\s/m.test(block.code);
    await writeFile(join(folder, name), isModule ? block.code : `${block.code}export {};\n`);
    origins.set(name, { readme: block });
  }
  for (const { operation, sample } of samples) {
    const name = `sample-${operation.operationId}.ts`;
    await writeFile(join(folder, name), sample.source);
    origins.set(name, { operationId: operation.operationId });
  }
  await writeFile(
    join(folder, "tsconfig.json"),
    JSON.stringify({ extends: join(root, "tsconfig.json"), include: ["*.ts"] }, null, 2),
  );
  const tsc = join(root, "node_modules", ".bin", "tsc");
  const output = await new Promise<string>((resolveRun) => {
    // Incremental, as vitest's own type-check of the project is: a run reuses what the last one checked of the SDK.
    const args = [
      "-p",
      join(folder, "tsconfig.json"),
      "--pretty",
      "false",
      "--incremental",
      "--tsBuildInfoFile",
      buildInfo,
    ];
    execFile(tsc, args, { cwd: root }, (error, stdout, stderr) => {
      exitCode = error ? (error.code ?? error.signal ?? "failed") : 0;
      resolveRun(stdout + stderr);
    });
  });
  // Point each error at its source: readme-07.ts(3,5) is line 3 of README block 7's code.
  errors = output
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) =>
      line.replace(
        /^\S*?((?:readme|sample)-[\w-]+\.ts)\((\d+),(\d+)\)/,
        (match, name: string, row: string, col: string) => {
          const origin = origins.get(name);
          if (origin?.readme) {
            return `README.md:${origin.readme.line + Number(row)}:${col} [${blockLabel(origin.readme)}]`;
          }
          return origin?.operationId ? `sample of ${origin.operationId} (${row},${col})` : match;
        },
      ),
    );
}, 180_000);

describe("the TypeScript of the docs, in one type-check", () => {
  it("checks every TypeScript sample of the document and every TypeScript block of the README", () => {
    expect(samples.length).toBe(operations.length);
    expect(readme.length).toBeGreaterThan(5);
    expect(origins.size).toBe(samples.length + readme.length);
  });

  it("finds no type error in the document's samples", () => {
    expect(errors.filter((line) => line.startsWith("sample of "))).toEqual([]);
  });

  it("finds no type error in the README's blocks", () => {
    expect(errors.filter((line) => line.startsWith("README.md:"))).toEqual([]);
  });

  it("finds no other error, and tsc exits 0", () => {
    expect(errors).toEqual([]);
    expect(exitCode).toBe(0);
  });
});
