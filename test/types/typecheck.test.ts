import { readdirSync, readFileSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { fingerprint } from "../../scripts/lib/fingerprint.ts";
import { kindOf, operations } from "../docs/code-samples.ts";
import { blockLabel, type ReadmeBlock, readmeBlocks } from "../docs/readme-blocks.ts";
import { runCommand } from "../support/command.ts";

// The whole project in one compiler pass, with the project's tsconfig (DOM lib included): src/, generated/, the tests
// (the type tests of test/types/*.test-d.ts among them), scripts/, and the TypeScript a reader copies: every TypeScript
// `x-codeSamples` entry of the document and every TypeScript block of README.md (Node, browser and vitest blocks).
// samples.test.ts and readme.test.ts run those; readme.browser.test.ts runs the browser blocks in Chromium.
// One pass instead of vitest's typecheck mode plus a pass for the docs: each pass parses and checks the SDK again, and
// vitest runs its typecheck after every other file, a tail of 4 to 13 s with one core busy.

const root = resolve(import.meta.dirname, "../..");
const folder = join(root, "test-results", "typecheck");
const buildInfo = join(root, "build", "tsc", "typecheck.tsbuildinfo");
const project = JSON.parse(readFileSync(join(root, "tsconfig.json"), "utf8")) as { include: string[] };
const typeTests = readdirSync(join(root, "test", "types"))
  .filter((name) => name.endsWith(".test-d.ts"))
  .map((name) => `test/types/${name}`);

const readme = readmeBlocks(readFileSync(join(root, "README.md"), "utf8")).filter(
  (block) => block.kind === "node" || block.kind === "browser" || block.kind === "vitest",
);
const samples = operations.flatMap((operation) =>
  operation.samples.filter((sample) => kindOf(sample) === "TypeScript").map((sample) => ({ operation, sample })),
);

/** Where each checked file comes from, to point errors at it. */
const origins = new Map<string, { readme?: ReadmeBlock; operationId?: string }>();
/** The files of tsc's program (from its build info), relative to the project's root. */
const checked = new Set<string>();
let errors: string[] = [];
let exitCode: number | undefined;

/** Writes `text` to `path` unless it holds it already: tsc -b takes a file written since its last pass for a change. */
async function writeIfChanged(path: string, text: string): Promise<void> {
  const current = await readFile(path, "utf8").catch(() => undefined);
  if (current !== text) {
    await writeFile(path, text);
  }
}

beforeAll(async () => {
  await mkdir(folder, { recursive: true });
  const files = new Map<string, string>();
  for (const block of readme) {
    const name = `readme-${String(block.index).padStart(2, "0")}.ts`;
    const isModule = /^\s*(import|export)\s/m.test(block.code);
    files.set(name, isModule ? block.code : `${block.code}export {};\n`);
    origins.set(name, { readme: block });
  }
  for (const { operation, sample } of samples) {
    const name = `sample-${operation.operationId}.ts`;
    files.set(name, sample.source);
    origins.set(name, { operationId: operation.operationId });
  }
  for (const name of readdirSync(folder).filter((name) => name.endsWith(".ts") && !files.has(name))) {
    await rm(join(folder, name));
  }
  for (const [name, text] of files) {
    await writeIfChanged(join(folder, name), text);
  }
  // tsc -b skips the pass when no input file changed since the last one (0.4 CPU-s instead of 6 to 10). It looks at the
  // files the config includes only: what else the program reads (node_modules, the imported OpenAPI JSON) is hashed
  // into the config, so that another install or document makes it check again.
  const unwatched = await Promise.all(
    ["package-lock.json", "generated/openapi.json"].map(
      async (path) => `// ${path} ${await fingerprint([join(root, path)])}\n`,
    ),
  );
  await writeIfChanged(
    join(folder, "tsconfig.json"),
    `${unwatched.join("")}${JSON.stringify(
      {
        extends: join(root, "tsconfig.json"),
        compilerOptions: { incremental: true, tsBuildInfoFile: buildInfo },
        include: ["*.ts", ...project.include.map((path) => join(root, path))],
      },
      null,
      2,
    )}\n`,
  );
  const tsc = await runCommand(
    join(root, "node_modules", ".bin", "tsc"),
    ["-b", join(folder, "tsconfig.json"), "--pretty", "false"],
    { cwd: root },
  );
  // The files of the last pass, this one or the one it found up to date.
  const info = JSON.parse(await readFile(buildInfo, "utf8")) as { fileNames: string[] };
  for (const name of info.fileNames) {
    checked.add(relative(root, resolve(dirname(buildInfo), name)));
  }
  exitCode = tsc.code;
  const output = tsc.output;
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

describe("the project and the TypeScript of its docs, in one type-check", () => {
  it("checks every TypeScript sample of the document and every TypeScript block of the README", () => {
    expect(samples.length).toBe(operations.length);
    expect(readme.length).toBeGreaterThan(5);
    expect(origins.size).toBe(samples.length + readme.length);
    const docs = [...checked].filter((path) => path.startsWith("test-results/typecheck/"));
    expect(docs.map((path) => path.slice("test-results/typecheck/".length)).sort()).toEqual([...origins.keys()].sort());
  });

  it("checks the SDK, the mocks, the scripts and every test file", () => {
    for (const path of ["src/index.ts", "src/mocks/index.ts", "scripts/build.ts", "test/types/typecheck.test.ts"]) {
      expect(checked).toContain(path);
    }
    expect(typeTests.length).toBeGreaterThanOrEqual(4);
    expect(typeTests.filter((path) => !checked.has(path))).toEqual([]);
  });

  it("finds no type error in the document's samples", () => {
    expect(errors.filter((line) => line.startsWith("sample of "))).toEqual([]);
  });

  it("finds no type error in the README's blocks", () => {
    expect(errors.filter((line) => line.startsWith("README.md:"))).toEqual([]);
  });

  it("finds no failing type test in test/types/*.test-d.ts", () => {
    expect(errors.filter((line) => typeTests.some((path) => line.startsWith(`${path}(`)))).toEqual([]);
  });

  it("finds no other error in the project, and tsc exits 0", () => {
    expect(errors).toEqual([]);
    expect(exitCode).toBe(0);
  });
});
