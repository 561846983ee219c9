import { readFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { createMockBackend, type MockBackend } from "bytewire/mocks";
import { type RunningMockServer, startMockServer } from "bytewire/mocks/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CommandOutcome, runCommand } from "../support/command.ts";
import { runProgram } from "../support/in-process-program.ts";
import { type BlockKind, blockLabel, README_MOCK_URL, type ReadmeBlock, readmeBlocks } from "./readme-blocks.ts";

// Every fenced code block of README.md is checked, so the README cannot drift from the SDK:
// - ```ts blocks run against a mock server started here, in this process as tsx would run them (see runProgram);
//   ```sh blocks run with bash against it;
// - ```ts vitest blocks run as a test file of their own vitest;
// - every TypeScript block is type-checked with the project's tsconfig (DOM lib included), in
//   test/types/typecheck.test.ts; the ```ts browser blocks also run in Chromium, in readme.browser.test.ts;
// - ```sh no-run blocks may hold only the commands listed below, ```text blocks are not code.
// Each block runs alone, in its own folder, against freshly reset demo data.

const root = resolve(import.meta.dirname, "../..");
const workDir = join(root, "test-results", "readme");
const bin = (name: string) => join(root, "node_modules", ".bin", name);

const blocks = readmeBlocks(readFileSync(join(root, "README.md"), "utf8"));
const ofKind = (...kinds: BlockKind[]) => blocks.filter((block) => block.kind && kinds.includes(block.kind));

/** The only commands a ```sh no-run block may hold, and why none of them can run inside a test. */
const NO_RUN_COMMANDS: Record<string, string> = {
  "npm ci && npm start": "reinstalls node_modules, then serves until Ctrl+C",
  "npm test": "runs the whole suite, this test included",
  "npm pack": "writes dist/ and a tarball into the checkout (test/package packs into a folder of its own)",
  "npm install ../bytewire/bytewire-0.1.0.tgz": "runs in another project",
  "npm run bench": "moves 1 GiB through the SDK",
  "npm run generate": "rewrites generated/ (npm test's check:generated covers it)",
  "npm run check:generated": "part of npm test, takes a Redocly bundle",
  "npm run lint:openapi": "part of npm test",
  "npm run format": "rewrites files in the checkout",
  "npx vitest run --project node test/clients": "runs other test files inside this one",
  "npx vitest run --project browser": "runs the Chromium tests inside this one",
  "npm run test:matrix": "fetches Node 22/24, Bun and Deno from the registry, packs the package, takes minutes",
  "npm run docs": "renders the docs with Redocly into the folder npm start serves",
  "npm run build": "rewrites dist/ in the checkout (test/package packs, and so builds, in its own run)",
};

let server: RunningMockServer;
let backend: MockBackend;
const mockErrors: string[] = [];
const ran = new Set<number>();

function padded(block: ReadmeBlock): string {
  return String(block.index).padStart(2, "0");
}

/** The block with the README's mock URL pointed at the server of this test. */
function againstServer(block: ReadmeBlock): string {
  return block.code.replaceAll(README_MOCK_URL, server.url);
}

type Outcome = Pick<CommandOutcome, "code" | "stdout" | "stderr">;

async function freshDir(...parts: string[]): Promise<string> {
  const dir = join(workDir, ...parts);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return dir;
}

function expectSuccess(block: ReadmeBlock, outcome: Outcome): void {
  const report = `${blockLabel(block)} exited with ${outcome.code}\n--- stdout\n${outcome.stdout}\n--- stderr\n${outcome.stderr}`;
  expect(outcome.code, report).toBe(0);
  expect(mockErrors.splice(0), `errors inside the mock while running ${blockLabel(block)}`).toEqual([]);
}

beforeAll(async () => {
  await mkdir(workDir, { recursive: true });
  backend = createMockBackend({
    validateResponses: "throw",
    onError: (error, operationId) => mockErrors.push(`${operationId}: ${String(error)}`),
    onResponseChecked: (check) => {
      if (check.issues.length > 0) {
        mockErrors.push(`${check.operationId} ${check.status}: ${JSON.stringify(check.issues)}`);
      }
    },
  });
  server = await startMockServer({ handlers: backend.handlers, port: 0 });
});

afterAll(async () => {
  await server?.close();
});

describe("README.md code blocks", () => {
  it("has code blocks, each with an info string that says how it is checked", () => {
    expect(blocks.length).toBeGreaterThan(0);
    const unclassified = blocks.filter((block) => block.kind === undefined).map(blockLabel);
    expect(unclassified, "blocks with an unknown info string").toEqual([]);
  });

  it("marks as no-run only commands that cannot run inside a test", () => {
    const blocksToSkip = ofKind("no-run");
    const commands = blocksToSkip.flatMap((block) =>
      block.code
        .split("\n")
        .map((line) => line.replace(/\s+#\s.*$/, "").trim())
        .filter((line) => line !== "" && !line.startsWith("#"))
        .map((command) => ({ block, command })),
    );
    const unexpected = commands
      .filter(({ command }) => !(command in NO_RUN_COMMANDS))
      .map(({ block, command }) => `${blockLabel(block)}: ${command}`);
    expect(unexpected, "no-run commands that are not on the allow list").toEqual([]);
    expect(commands.length).toBeGreaterThan(0);
  });

  for (const block of ofKind("node")) {
    it(`runs ${blockLabel(block)} as a program`, async () => {
      backend.reset();
      const dir = await freshDir("node", `block-${padded(block)}`);
      const { stdout, stderr, error } = await runProgram(againstServer(block), dir);
      const thrown = error === undefined ? "" : error instanceof Error ? (error.stack ?? error.message) : String(error);
      expectSuccess(block, { code: error === undefined ? 0 : 1, stdout, stderr: stderr + thrown });
      ran.add(block.index);
    }, 120_000);
  }

  for (const block of ofKind("vitest")) {
    it(`runs ${blockLabel(block)} as a test file`, async () => {
      const dir = await freshDir("vitest", `block-${padded(block)}`);
      await writeFile(join(dir, "readme.test.ts"), againstServer(block));
      await writeFile(
        join(dir, "vitest.config.ts"),
        [
          'import { defaultClientConditions, defaultServerConditions } from "vite";',
          'import { defineConfig } from "vitest/config";',
          "export default defineConfig({",
          '  resolve: { conditions: ["bytewire-source", ...defaultClientConditions] },',
          '  ssr: { resolve: { conditions: ["bytewire-source", ...defaultServerConditions] } },',
          '  test: { include: ["readme.test.ts"], environment: "node" },',
          "});",
          "",
        ].join("\n"),
      );
      // A vitest inside a vitest: the outer one's variables would make the inner one think it is a worker.
      const env = {
        ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST"))),
        NO_COLOR: "1",
        FORCE_COLOR: "0",
      };
      const outcome = await runCommand(
        bin("vitest"),
        ["run", "--config", "vitest.config.ts", "--root", dir, "--reporter", "dot"],
        { cwd: dir, env, timeoutMs: 120_000 },
      );
      expectSuccess(block, outcome);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes, in case a terminal setting forces them
      expect(outcome.stdout.replace(/\u001b\[[0-9;]*m/g, "")).toMatch(/Tests\s+\d+ passed/);
      ran.add(block.index);
    }, 120_000);
  }

  for (const block of ofKind("shell")) {
    it(`runs ${blockLabel(block)} with bash`, async () => {
      backend.reset();
      const dir = await freshDir("shell", `block-${padded(block)}`);
      const outcome = await runCommand("bash", ["-euo", "pipefail", "-c", againstServer(block)], {
        cwd: dir,
        timeoutMs: 120_000,
      });
      expectSuccess(block, outcome);
      ran.add(block.index);
    }, 120_000);
  }

  it("ran every block that is not skipped (browser blocks: type-checked here, run in readme.browser.test.ts)", () => {
    const runnable = ofKind("node", "vitest", "shell").map((block) => block.index);
    expect(ran.size).toBeGreaterThan(0);
    expect([...ran].sort((a, b) => a - b)).toEqual(runnable);
    const skipped = ofKind("no-run", "text").length;
    const browser = ofKind("browser").length;
    expect(runnable.length + browser + skipped).toBe(blocks.length);
  });
});
