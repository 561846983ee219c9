import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkGeneratedFiles } from "../../scripts/lib/generated-files.ts";
import { type CommandOutcome, runCommand } from "../support/command.ts";

const root = new URL("../../", import.meta.url).pathname;
let work: string;

/** Runs `npm run check:generated`'s script in a copy; resolves to its exit code and output. */
function checkGenerated(copy: string): Promise<CommandOutcome> {
  return runCommand(
    join(root, "node_modules/.bin/tsx"),
    ["--conditions=bytewire-source", "scripts/check-generated.ts"],
    {
      cwd: copy,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    },
  );
}

/** A copy of the project that the check runs in, so that a test can change a schema without touching the checkout. */
async function copyProject(name: string): Promise<string> {
  const copy = join(work, name);
  for (const path of ["openapi", "generated", "scripts", "redocly.yaml", "package.json", "tsconfig.json"]) {
    await cp(join(root, path), join(copy, path), { recursive: true });
  }
  await symlink(join(root, "node_modules"), join(copy, "node_modules"));
  return copy;
}

// The changed schema's check is the script itself (tsx, then Redocly) in a copy, started first; the committed files'
// check is the same function in this process, on the checkout, meanwhile (a second script process cost twice its
// CPU).
let committed: Promise<Awaited<ReturnType<typeof checkGeneratedFiles>>>;
let changed: Promise<CommandOutcome>;
let changedSchema: { before: string; after: string };

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "bytewire-check-generated-"));
  const stale = await copyProject("stale");
  // A schema changed without regenerating.
  const schemas = join(stale, "openapi/pingone/schemas.yaml");
  const before = await readFile(schemas, "utf8");
  const after = before.replace(/^PingOneImage:\n/m, "PingOneImage:\n  deprecated: true\n");
  changedSchema = { before, after };
  await writeFile(schemas, after);
  changed = checkGenerated(stale);
  committed = checkGeneratedFiles();
  // Settled before the tests await them, so that neither is an unhandled rejection if the other fails first.
  await Promise.allSettled([committed, changed]);
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("npm run check:generated", () => {
  it("passes on the committed files", async () => {
    const { fresh, lines } = await committed;
    expect(lines).toEqual([
      { error: false, text: "fresh  generated/openapi.json" },
      { error: false, text: "fresh  generated/schema.ts" },
    ]);
    expect(fresh).toBe(true);
  });

  it("fails, naming both files, when a schema changes without regenerating", async () => {
    expect(changedSchema.after).not.toBe(changedSchema.before);
    const { code, output } = await changed;
    expect(code).toBe(1);
    expect(output).toMatch(/STALE {2}generated\/openapi\.json: line \d+ differs/);
    expect(output).toMatch(/STALE {2}generated\/schema\.ts/);
    expect(output).toContain("Run `npm run generate`");
  });
});
