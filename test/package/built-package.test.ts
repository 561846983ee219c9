import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createMockBackend } from "bytewire/mocks";
import { type RunningMockServer, startMockServer } from "bytewire/mocks/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The package as an app gets it: `dist/` built by `npm run build`, imported without the `bytewire-source` condition,
// so the exports map, the emitted `.js` and the `.d.ts` are what is tested. `npm run test:runtimes` runs the same
// smoke script in Node 22/24, Bun and Deno.
const run = promisify(execFile);
const root = new URL("../../", import.meta.url).pathname;
let app: string;
let server: RunningMockServer;

beforeAll(async () => {
  // Without tsc's type-check: npm test type-checks the project in vitest's typecheck pass. The build's own checks still
  // run (isolatedDeclarations: every export declared so that its .d.ts needs no inference).
  await run("npm", ["run", "build", "--", "--noCheck"], { cwd: root });
  app = await mkdtemp(join(tmpdir(), "bytewire-app-"));
  await mkdir(join(app, "node_modules", "@types"), { recursive: true });
  await symlink(root, join(app, "node_modules", "bytewire"));
  for (const dependency of ["openapi-fetch", "typescript", "@types/node", "undici-types"]) {
    await symlink(join(root, "node_modules", dependency), join(app, "node_modules", dependency));
  }
  await writeFile(join(app, "package.json"), JSON.stringify({ type: "module", private: true }));
  server = await startMockServer({ handlers: createMockBackend().handlers, port: 0 });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await rm(app, { recursive: true, force: true });
});

describe("the built package", () => {
  it("runs one round trip per API from dist/ in this Node", async () => {
    const { stdout } = await run(process.execPath, [join(root, "scripts/runtimes/smoke.mjs"), server.url], {
      cwd: app,
    });
    const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as { checks: Record<string, string> };
    expect(result.checks).toEqual({ hdap: "ok", fourd: "ok", cumulocity: "ok", pingone: "ok" });
  }, 60_000);

  it("type-checks an app against the emitted declarations, rejecting wrong calls", async () => {
    await writeFile(
      join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noEmit: true,
          // TypeScript's own lib files need no checking here (half of this check's time); the package's do.
          skipDefaultLibCheck: true,
          lib: ["ES2023", "DOM"],
          types: ["node"],
        },
        files: ["app.ts"],
      }),
    );
    await writeFile(
      join(app, "app.ts"),
      [
        'import { createFourDClient, type FourDUpdatedEntity } from "bytewire/fourd";',
        'import { createCumulocityClient } from "bytewire/cumulocity";',
        'import { createHdapClient } from "bytewire/hdap";',
        'import { createPingOneClient } from "bytewire/pingone";',
        'import { decodeBase64, isApiError } from "bytewire";',
        'import { createMockBackend } from "bytewire/mocks";',
        'const fourd = createFourDClient({ baseUrl: "http://localhost:4010" });',
        'const saved: Promise<FourDUpdatedEntity> = fourd.uploadToAttribute({ dataClass: "User", key: 5, attribute: "p" }, new Blob());',
        "export const stamp: Promise<number> = saved.then((entity) => entity.__STAMP);",
        "// @ts-expect-error a key is a number or a string",
        'fourd.getEntity({ dataClass: "User", key: true });',
        'export const c8y = createCumulocityClient({ baseUrl: "https://x.example", auth: { type: "bearer", token: "t" } });',
        'export const hdap = createHdapClient({ baseUrl: "https://ds.example" });',
        'export const pingone = createPingOneClient({ region: "eu", token: "t" });',
        'export const bytes: Uint8Array = decodeBase64("AA==");',
        "export const check: (error: unknown) => boolean = isApiError;",
        "export const handlers = createMockBackend().handlers.length;",
        "",
      ].join("\n"),
    );
    const tsc = join(root, "node_modules/.bin/tsc");
    const outcome = await run(tsc, ["-p", app]).then(
      () => "",
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(outcome).toBe("");
  }, 60_000);
});
