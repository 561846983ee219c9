import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = new URL("../../", import.meta.url).pathname;
let copy: string;

/** Runs `npm run check:generated`'s script in the copy; resolves to its exit code and output. */
async function checkGenerated(): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(
      join(root, "node_modules/.bin/tsx"),
      ["--conditions=bytewire-source", "scripts/check-generated.ts"],
      { cwd: copy, env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

// The check in a copy of the project, so that the test can change a schema without touching the checkout.
beforeAll(async () => {
  copy = await mkdtemp(join(tmpdir(), "bytewire-check-generated-"));
  for (const path of ["openapi", "generated", "scripts", "redocly.yaml", "package.json", "tsconfig.json"]) {
    await cp(join(root, path), join(copy, path), { recursive: true });
  }
  await symlink(join(root, "node_modules"), join(copy, "node_modules"));
});

afterAll(async () => {
  await rm(copy, { recursive: true, force: true });
});

describe("npm run check:generated", () => {
  it("passes on the committed files", async () => {
    const { code, output } = await checkGenerated();
    expect(output).toContain("fresh  generated/openapi.json");
    expect(output).toContain("fresh  generated/schema.ts");
    expect(code).toBe(0);
  }, 60_000);

  it("fails, naming both files, when a schema changes without regenerating", async () => {
    const schemas = join(copy, "openapi/pingone/schemas.yaml");
    const text = await readFile(schemas, "utf8");
    const changed = text.replace(/^PingOneImage:\n/m, "PingOneImage:\n  deprecated: true\n");
    expect(changed).not.toBe(text);
    await writeFile(schemas, changed);
    const { code, output } = await checkGenerated();
    expect(code).toBe(1);
    expect(output).toMatch(/STALE {2}generated\/openapi\.json: line \d+ differs/);
    expect(output).toMatch(/STALE {2}generated\/schema\.ts/);
    expect(output).toContain("Run `npm run generate`");
  }, 60_000);
});
