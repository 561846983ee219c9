import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { createMockBackend } from "bytewire/mocks";
import { type RunningMockServer, startMockServer } from "bytewire/mocks/node";
import type TypeScript from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CommandOutcome, runCommand } from "../support/command.ts";

// The package as an app gets it: `npm pack` (whose prepack builds dist/, once), the tarball unpacked into throwaway
// apps' node_modules as npm would, its dependency and the tools linked from this checkout, so nothing is fetched.
// Imported without the `bytewire-source` condition: the exports map, the emitted `.js` and the `.d.ts` are what is
// tested. `npm run test:matrix` runs every upload input in every runtime from the same kind of install.

// Required, not imported: an ES import of the CommonJS compiler (9 MB) has Node scan all of it for its exports first.
const ts: typeof TypeScript = createRequire(import.meta.url)("typescript");
const run = promisify(execFile);
const root = new URL("../../", import.meta.url).pathname;
const modules = join(root, "node_modules");
const SOURCE_CONDITION = "bytewire-source";
const APP_TS =
  'import { createCumulocityClient } from "bytewire/cumulocity";\n' +
  'export const c8y = createCumulocityClient({ baseUrl: "https://x.example" });\n';

interface PackedFile {
  path: string;
}
interface Manifest {
  exports: Record<string, unknown>;
  imports: Record<string, unknown>;
}
let work: string;
let tarball: string;
let packed: string[];
let server: RunningMockServer;
let linters: Promise<[publint: CommandOutcome, attw: CommandOutcome]>;
let viteBuild: Promise<CommandOutcome>;

const DEPENDENCIES = Object.keys(
  (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { dependencies: object })
    .dependencies,
);

/** A folder with the tarball unpacked as node_modules/bytewire, and the given packages linked from this checkout. */
async function app(name: string, links: string[]): Promise<string> {
  const dir = join(work, name);
  const target = join(dir, "node_modules", "bytewire");
  await mkdir(target, { recursive: true });
  await mkdir(join(dir, "node_modules", "@types"), { recursive: true });
  await run("tar", ["-xzf", tarball, "-C", target, "--strip-components=1"]);
  // The package's own dependencies, as npm would install them, and the peers this app has.
  for (const dependency of [...DEPENDENCIES, ...links]) {
    await mkdir(dirname(join(dir, "node_modules", dependency)), { recursive: true });
    await symlink(join(modules, dependency), join(dir, "node_modules", dependency));
  }
  await writeFile(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
  return dir;
}

/** Exit code and output of a command that may fail. */
// Parsed files shared by the in-process type checks below, so each check parses the standard library once.
const parsed = new Map<string, TypeScript.SourceFile | undefined>();

/**
 * The diagnostics of `<dir>/app.ts` under the given compiler options, as `tsc` prints them. In-process with one parse
 * cache: a `tsc` process per setting takes many seconds on a busy machine. The declarations' own checking is left to
 * the NodeNext test (`skipLibCheck`): it is the same for every setting. Without the DOM lib, which that test has: the
 * types the package uses (Blob, Response, streams) come from @types/node too, and the DOM lib is most of the parsing.
 * One target for all: each module setting implies another default target, and a parsed file is only reused for the
 * same language version (parsing the libraries again for each setting was half of these checks' time).
 */
function typeErrors(dir: string, settings: Record<string, string>): string {
  const { options, errors } = ts.convertCompilerOptionsFromJson(
    { ...settings, target: "es2022", strict: true, noEmit: true, skipLibCheck: true, lib: ["es2023"], types: ["node"] },
    dir,
  );
  expect(errors).toEqual([]);
  const host = cachingHost(options, dir);
  const program = ts.createProgram([join(dir, "app.ts")], options, host);
  return ts.formatDiagnostics(ts.getPreEmitDiagnostics(program), host);
}

/** A compiler host that takes parsed files from {@link parsed}, except those of the app in `dir` (parsed afresh). */
function cachingHost(options: TypeScript.CompilerOptions, dir: string): TypeScript.CompilerHost {
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, version, ...rest) => {
    const key = `${fileName} ${JSON.stringify(version)}`;
    if (!parsed.has(key) || fileName.startsWith(dir)) {
      parsed.set(key, getSourceFile(fileName, version, ...rest));
    }
    return parsed.get(key);
  };
  return host;
}

/** Every file an exports or imports map points at for an app: the source condition is this repository's own. */
function targets(map: unknown): string[] {
  if (typeof map === "string") {
    return [map];
  }
  if (map === null || typeof map !== "object") {
    return [];
  }
  return Object.entries(map).flatMap(([key, value]) => (key === SOURCE_CONDITION ? [] : targets(value)));
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "bytewire-package-"));
  // prepack builds without tsc's type-check: npm test type-checks the project already. The build's own checks still
  // run (isolatedDeclarations: every export declared so that its .d.ts needs no inference).
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", work], {
    cwd: root,
    env: { ...process.env, BYTEWIRE_BUILD_NO_CHECK: "1" },
    maxBuffer: 16 * 1024 * 1024,
  });
  // prepack's own output comes first on stdout.
  const [manifest] = JSON.parse(stdout.slice(stdout.search(/^\[/m))) as { filename: string; files: PackedFile[] }[];
  if (!manifest) {
    throw new Error("npm pack printed no manifest");
  }
  tarball = join(work, manifest.filename);
  packed = manifest.files.map((file) => file.path);
  server = await startMockServer({ handlers: createMockBackend().handlers, port: 0 });
  // The checks that are child processes of their own start now, side by side, and their tests await them: the
  // in-process type checks below run meanwhile instead of after them.
  linters = started(() =>
    Promise.all([
      runCommand(join(modules, ".bin/publint"), ["--strict", tarball], { cwd: work }),
      runCommand(join(modules, ".bin/attw"), [tarball, "--profile", "esm-only", "--no-color"], { cwd: work }),
    ]),
  );
  viteBuild = started(buildPageWithoutPeers);
}, 300_000);

/** Runs `task` now; the promise is settled-safe (a failure surfaces in the test that awaits it, not as unhandled). */
function started<T>(task: () => Promise<T>): Promise<T> {
  const promise = task();
  promise.catch(() => undefined);
  return promise;
}

/**
 * What `tsc -p` prints for the app and the package's declarations, in an app with the package's types and its peers and
 * default settings (`skipLibCheck` off). In-process, with the parse cache of the checks above: a `tsc` process parsed
 * and bound the same libraries and @types again.
 */
async function typeCheckConsumer(): Promise<string> {
  const dir = await app("typescript", ["typescript", "@types/node", "undici-types", "msw"]);
  await writeFile(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        noEmit: true,
        lib: ["ES2023", "DOM"],
        types: ["node"],
      },
      files: ["app.ts"],
    }),
  );
  await writeFile(
    join(dir, "app.ts"),
    [
      'import { createFourDClient, type FourDUpdatedEntity } from "bytewire/fourd";',
      'import { createCumulocityClient } from "bytewire/cumulocity";',
      'import { createHdapClient } from "bytewire/hdap";',
      'import { createPingOneClient } from "bytewire/pingone";',
      'import { decodeBase64, isApiError } from "bytewire";',
      'import { createMockBackend } from "bytewire/mocks";',
      'const fourd = createFourDClient({ baseUrl: "http://localhost:4010" });',
      'const saved: Promise<FourDUpdatedEntity> = fourd.upload({ dataClass: "User", key: 5, attribute: "p" }, new Blob());',
      "export const stamp: Promise<number> = saved.then((entity) => entity.__STAMP);",
      "// @ts-expect-error a key is a number or a string",
      'fourd.get({ dataClass: "User", key: true });',
      'export const c8y = createCumulocityClient({ baseUrl: "https://x.example", auth: { type: "bearer", token: "t" } });',
      'export const hdap = createHdapClient({ baseUrl: "https://ds.example" });',
      'export const pingone = createPingOneClient({ region: "eu", auth: { type: "bearer", token: "t" } });',
      'export const bytes: Uint8Array = decodeBase64("AA==");',
      "export const check: (error: unknown) => boolean = isApiError;",
      "export const handlers = createMockBackend().handlers.length;",
      "",
    ].join("\n"),
  );
  const config = ts.getParsedCommandLineOfConfigFile(join(dir, "tsconfig.json"), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    },
  });
  if (!config) {
    throw new Error("the app's tsconfig.json could not be read");
  }
  const host = cachingHost(config.options, dir);
  const program = ts.createProgram({
    rootNames: config.fileNames,
    options: config.options,
    host,
    configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(config),
  });
  // The tsconfig's own errors too, as tsc reports them. Types are checked in the app and in the package's declarations,
  // not in its dependencies' or TypeScript's own: those are not this package's to answer for, and checking them too
  // was a third of this file's time.
  const ours = program
    .getSourceFiles()
    .filter(
      (file) => file.fileName === join(dir, "app.ts") || file.fileName.startsWith(join(dir, "node_modules/bytewire/")),
    );
  expect(ours.length).toBeGreaterThan(20);
  const diagnostics = [
    ...program.getConfigFileParsingDiagnostics(),
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...ours.flatMap((file) => program.getSemanticDiagnostics(file)),
  ];
  return ts.formatDiagnostics(diagnostics, host);
}

/** A Vite build of a page that imports the mocks, in an app without their optional peers. */
async function buildPageWithoutPeers(): Promise<CommandOutcome> {
  const bare = await app("vite-no-peers", []);
  await mkdir(join(bare, "web"));
  await writeFile(join(bare, "web/index.html"), '<!doctype html><script type="module" src="./main.js"></script>\n');
  await writeFile(
    join(bare, "web/main.js"),
    'import { createMockBackend } from "bytewire/mocks";\nconsole.log(createMockBackend().handlers.length);\n',
  );
  return runCommand(
    process.execPath,
    [join(modules, "vite/bin/vite.js"), "build", "web", "--outDir", "dist", "--logLevel", "error"],
    { cwd: bare },
  );
}

afterAll(async () => {
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

describe("the tarball", () => {
  it("holds the compiled package only: no sources, tests, source maps or OpenAPI sources", () => {
    const unexpected = packed.filter(
      (path) =>
        !["package.json", "README.md"].includes(path) &&
        !(path.startsWith("dist/") && /(?<!\.test)\.(js|d\.ts|json)$/.test(path)),
    );
    expect(unexpected).toEqual([]);
    expect(packed.filter((path) => /\.map$|(^|\/)test\/|\.test\.|^src\/|^openapi\//.test(path))).toEqual([]);
    // Every module has its declarations.
    const modules = packed.filter((path) => path.endsWith(".js"));
    expect(modules.filter((path) => !packed.includes(path.replace(/\.js$/, ".d.ts")))).toEqual([]);
  });

  it("ships every file its exports and imports maps give an app", async () => {
    const dir = await app("manifest", []);
    const manifest = (await import(join(dir, "node_modules/bytewire/package.json"), { with: { type: "json" } }))
      .default as Manifest;
    const pointed = [...targets(manifest.exports), ...targets(manifest.imports)].map((path) =>
      path.replace(/^\.\//, ""),
    );
    expect(pointed.length).toBeGreaterThan(20);
    expect(pointed.filter((path) => !packed.includes(path))).toEqual([]);
  });

  it("passes publint (strict) and Are the Types Wrong (ESM-only profile) without a finding", async () => {
    const [publint, attw] = await linters;
    expect(publint.output).toContain("All good!");
    expect(publint.code).toBe(0);
    expect(attw.output).toContain("(ignoring resolutions: 'node10', 'node16-cjs')");
    expect(attw.code, attw.output).toBe(0);
  }, 180_000);
});

describe("an app using the package", () => {
  it("runs one round trip per API in this Node", async () => {
    const dir = await app("smoke", []);
    await copyFile(join(root, "test/package/smoke.mjs"), join(dir, "smoke.mjs"));
    const { stdout } = await run(process.execPath, ["smoke.mjs", server.url], { cwd: dir });
    const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as { checks: Record<string, string> };
    expect(result.checks).toEqual({ hdap: "ok", fourd: "ok", cumulocity: "ok", pingone: "ok" });
  }, 60_000);

  it("requires an entry from CommonJS (Node 20.19 and later load ES modules with require)", async () => {
    const dir = await app("commonjs", []);
    await writeFile(
      join(dir, "app.cjs"),
      'const { createCumulocityClient } = require("bytewire/cumulocity");\nconsole.log(typeof createCumulocityClient);\n',
    );
    const { stdout } = await run(process.execPath, ["app.cjs"], { cwd: dir });
    expect(stdout.trim()).toBe("function");
  });

  it("type-checks against the emitted declarations, rejecting wrong calls", async () => {
    expect(await typeCheckConsumer()).toBe("");
  }, 180_000);

  it("resolves its types with module resolution node16, nodenext and bundler, not node10", async () => {
    const dir = await app("resolutions", ["@types/node", "undici-types"]);
    await writeFile(join(dir, "app.ts"), APP_TS);
    expect(typeErrors(dir, { module: "node16", moduleResolution: "node16" })).toBe("");
    expect(typeErrors(dir, { module: "nodenext", moduleResolution: "nodenext" })).toBe("");
    expect(typeErrors(dir, { module: "preserve", moduleResolution: "bundler" })).toBe("");
    expect(typeErrors(dir, { module: "esnext", moduleResolution: "bundler" })).toBe("");
    expect(typeErrors(dir, { module: "commonjs", moduleResolution: "node10" })).toContain("TS2307");
  }, 180_000);

  it("type-checks a CommonJS file's import with module nodenext or node20, while node16 refuses it (TS1479)", async () => {
    const dir = await app("commonjs-types", ["@types/node", "undici-types"]);
    await writeFile(join(dir, "package.json"), JSON.stringify({ type: "commonjs", private: true }));
    await writeFile(join(dir, "app.ts"), APP_TS);
    expect(typeErrors(dir, { module: "nodenext" })).toBe("");
    expect(typeErrors(dir, { module: "node20" })).toBe("");
    expect(typeErrors(dir, { module: "node16" })).toContain("TS1479");
  }, 180_000);
});

describe("the mocks without their optional peers", () => {
  const importMocks = (dir: string, entry: string) =>
    runCommand(process.execPath, ["--input-type=module", "--eval", `await import(${JSON.stringify(entry)});`], {
      cwd: dir,
    });

  it("fail to import with an error that names the missing package", async () => {
    const bare = await app("no-peers", []);
    expect((await importMocks(bare, "bytewire/mocks")).output).toMatch(/Cannot find package 'ajv'/);
    expect((await importMocks(bare, "bytewire/mocks/node")).output).toMatch(/Cannot find package 'msw'/);
    const withoutMsw = await app("no-msw", ["ajv", "ajv-formats"]);
    expect((await importMocks(withoutMsw, "bytewire/mocks")).output).toMatch(/Cannot find package 'msw'/);
    const withoutFormats = await app("no-ajv-formats", ["ajv", "msw"]);
    expect((await importMocks(withoutFormats, "bytewire/mocks")).output).toMatch(/Cannot find package 'ajv-formats'/);
    const all = await app("all-peers", ["ajv", "ajv-formats", "msw"]);
    expect(await importMocks(all, "bytewire/mocks")).toEqual({ code: 0, stdout: "", stderr: "", output: "" });
  }, 60_000);

  it("fail a Vite build of a page importing them, naming the missing packages", async () => {
    const build = await viteBuild;
    expect(build.code).not.toBe(0);
    expect(build.output).toContain("__vite-optional-peer-dep:ajv/dist/2020.js:bytewire");
    expect(build.output).toContain("__vite-optional-peer-dep:msw:bytewire");
  }, 60_000);
});
