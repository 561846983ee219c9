// `npm run test:matrix`: every upload call of the four clients × every input kind × every runtime, from the packed
// tarball as an app installs it. Packs the package once (prepack builds dist/), installs the tarball into a throwaway
// project (dependencies from the npm cache), starts the mock server from that install, and runs
// test/package/matrix/cells.mjs in Node 20 (this Node), Node 22 and 24, Bun and Deno (fetched by npx the first time),
// then in Chromium (Vite-built page; once against the mock server on another origin, once through the MSW worker).
// Writes the table to test/package/matrix.md and into README.md between the matrix markers; exits 1 when a cell fails.
// Not part of `npm test`: it needs the registry or npm cache and takes minutes.
//   MATRIX_ONLY=<api>:<kind>   run some cells (`*` for any), e.g. `cumulocity-upload:*`; the files are then not written
//   MATRIX_RUNTIMES=node20,bun  run some runtimes (node20 node22 node24 bun deno chromium-server chromium-worker)
//   MATRIX_TARBALL=<path.tgz>   test this tarball instead of packing one
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { createReadStream } from "node:fs";
import { cp, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { chromium } from "playwright";
import { chromiumArgs, findChromium, NO_CHROMIUM_MESSAGE } from "../test/support/chromium.ts";

const run = promisify(execFile);
const root = new URL("../", import.meta.url).pathname;
const only = process.env["MATRIX_ONLY"] ?? "*:*";
const partial =
  only !== "*:*" || process.env["MATRIX_RUNTIMES"] !== undefined || process.env["MATRIX_TARBALL"] !== undefined;
const CELL_TIMEOUT_MS = 20 * 60_000;
const children: ChildProcess[] = [];

interface Cell {
  api: string;
  kind: string;
  outcome: "pass" | "fail" | "refused" | "n/a";
  detail?: string;
  ms?: number;
}
interface Row {
  runtime: string;
  results: Cell[];
}
interface Column {
  id: string;
  row: Row;
  seconds: number;
  /** What importing each mocks entry says in an app without the mock's peers (server runtimes only). */
  missingPeers?: { entry: string; message: string }[];
}

/** The message of a failed mocks import must name the peer that is missing. */
const NAMES_A_PEER = /["'](msw|ajv|ajv-formats)["']/;

const npx = (...args: string[]) => ["npx", "-y", ...args];
const SERVER_RUNTIMES: Record<string, string[]> = {
  node20: [process.execPath],
  node22: npx("-p", "node@22", "node"),
  node24: npx("-p", "node@24", "node"),
  bun: npx("bun"),
  deno: npx("deno", "run", "-A"),
};
const BROWSER_MODES: Record<string, string> = { "chromium-server": "mock server", "chromium-worker": "MSW worker" };
const selected = (
  process.env["MATRIX_RUNTIMES"] ?? [...Object.keys(SERVER_RUNTIMES), ...Object.keys(BROWSER_MODES)].join(",")
)
  .split(",")
  .map((id) => id.trim());

const API_LABELS: Record<string, string> = {
  hdap: "HDAP `upload`",
  fourd: "4D `upload`",
  "cumulocity-upload": "Cumulocity `upload`",
  "cumulocity-replace": "Cumulocity `replace`",
  pingone: "PingOne `upload`",
};
const KIND_LABELS: Record<string, string> = {
  path: "path",
  "file-url": "`file:` URL",
  "file-blob": "`fs.openAsBlob` Blob",
  blob: "Blob/File",
  bytes: "bytes",
  "node-stream": "Node stream",
  "web-stream": "web stream",
  "async-iterable": "async iterable",
  response: "`Response`",
};

/** `npm pack` once; its prepack builds dist/. */
async function pack(into: string): Promise<{ path: string; files: number; size: number; unpackedSize: number }> {
  console.error("matrix: npm pack");
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", into], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  // prepack's own output comes first on stdout.
  const [manifest] = JSON.parse(stdout.slice(stdout.search(/^\[/m))) as {
    filename: string;
    entryCount: number;
    size: number;
    unpackedSize: number;
  }[];
  if (!manifest) {
    throw new Error("npm pack printed no manifest");
  }
  return {
    path: join(into, manifest.filename),
    files: manifest.entryCount,
    size: manifest.size,
    unpackedSize: manifest.unpackedSize,
  };
}

/**
 * A throwaway app with the tarball and, with `withPeers`, the mock's peers and Vite, installed from the npm cache when
 * it has them.
 */
async function installApp(into: string, tarball: string, withPeers: boolean): Promise<string> {
  const app = join(into, withPeers ? "app" : "app-without-peers");
  await cp(join(root, "test/package/matrix"), join(app, "matrix"), { recursive: true });
  await writeFile(join(app, "package.json"), JSON.stringify({ name: "matrix-app", private: true, type: "module" }));
  const manifest = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  };
  const vite = JSON.parse(await readFile(join(root, "node_modules/vite/package.json"), "utf8")) as { version: string };
  const peers = ["msw", "ajv", "ajv-formats"].map((name) => `${name}@${manifest.devDependencies[name]}`);
  const extra = withPeers ? [...peers, `vite@${vite.version}`] : [];
  console.error(`matrix: npm install (the tarball${withPeers ? ", the mock's peers, Vite" : " alone"})`);
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball, ...extra], {
    cwd: app,
    maxBuffer: 16 * 1024 * 1024,
  });
  return app;
}

async function startServer(app: string): Promise<string> {
  const child = spawn(process.execPath, ["matrix/serve.mjs"], { cwd: app, stdio: ["pipe", "pipe", "inherit"] });
  children.push(child);
  const lines = createInterface({ input: child.stdout });
  const [first] = (await once(lines, "line")) as [string];
  return (JSON.parse(first) as { url: string }).url;
}

async function runServerRuntime(
  app: string,
  bare: string,
  id: string,
  command: string[],
  server: string,
): Promise<Column> {
  const [file = "", ...args] = command;
  console.error(`matrix: ${id}`);
  const began = performance.now();
  const child = spawn(file, [...args, "matrix/run-node.mjs", server, only], {
    cwd: app,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk;
    process.stderr.write(chunk);
  });
  const timer = setTimeout(() => child.kill(), CELL_TIMEOUT_MS);
  const [code] = (await once(child, "close")) as [number | null];
  clearTimeout(timer);
  const seconds = (performance.now() - began) / 1000;
  const last = stdout.trim().split("\n").at(-1) ?? "";
  try {
    return { id, row: JSON.parse(last) as Row, seconds, missingPeers: await importWithoutPeers(bare, command) };
  } catch {
    const reason = `exited ${code}: ${stderr.trim().split("\n").slice(-3).join(" ")}`;
    return { id, row: { runtime: id, results: crashed(reason) }, seconds };
  }
}

async function importWithoutPeers(bare: string, command: string[]): Promise<{ entry: string; message: string }[]> {
  const [file = "", ...args] = command;
  try {
    const { stdout } = await run(file, [...args, "matrix/missing-peers.mjs"], { cwd: bare });
    return stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { entry: string; message: string })
      .map(({ entry, message }) => ({ entry, message: message.replaceAll(bare, "<app>") }));
  } catch (error) {
    return [{ entry: "bytewire/mocks", message: `the check itself failed: ${String(error).split("\n")[0]}` }];
  }
}

/** Every cell of a runtime that did not report, as failed with the reason. */
function crashed(reason: string): Cell[] {
  return [{ api: "*", kind: "*", outcome: "fail", detail: reason }];
}

async function runChromium(app: string, modes: string[], server: string): Promise<Column[]> {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error(NO_CHROMIUM_MESSAGE);
  }
  console.error("matrix: vite build of the browser page");
  const page = join(app, "matrix/browser");
  await run(join(app, "node_modules/.bin/msw"), ["init", join(page, "public"), "--no-save"], { cwd: app });
  await run(join(app, "node_modules/.bin/vite"), ["build", page, "--outDir", "dist", "--emptyOutDir"], { cwd: app });
  const site = await serveStatic(join(page, "dist"));
  const browser = await chromium.launch({ executablePath, args: chromiumArgs });
  const columns: Column[] = [];
  try {
    for (const mode of modes) {
      console.error(`matrix: ${mode}`);
      await fetch(`${server}/__matrix/reset`, { method: "POST" });
      const began = performance.now();
      // A context of its own: a registered service worker would otherwise control the next mode's page too.
      const context = await browser.newContext();
      const tab = await context.newPage();
      tab.on("console", (message) => console.error(`  ${message.text()}`));
      const query = new URLSearchParams({ only, ...(mode === "chromium-server" ? { server } : {}) });
      await tab.goto(`${site.url}/?${query}`);
      await tab.waitForFunction(() => (window as { matrix?: { done: boolean } }).matrix?.done === true, undefined, {
        timeout: CELL_TIMEOUT_MS,
        polling: 1000,
      });
      const outcome = (await tab.evaluate(() => (window as { matrix?: unknown }).matrix)) as {
        row?: Row;
        error?: string;
      };
      await context.close();
      const row = outcome.row ?? { runtime: mode, results: crashed(outcome.error ?? "no result") };
      columns.push({
        id: mode,
        row: { ...row, runtime: `${row.runtime}, ${BROWSER_MODES[mode]}` },
        seconds: (performance.now() - began) / 1000,
      });
    }
  } finally {
    await browser.close();
    site.server.close();
  }
  return columns;
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

async function serveStatic(directory: string): Promise<{ url: string; server: Server }> {
  const server = createServer(async (request, response) => {
    const pathname = new URL(request.url ?? "/", "http://x").pathname;
    const file = join(directory, normalize(pathname === "/" ? "/index.html" : pathname));
    try {
      if (!file.startsWith(directory) || !(await stat(file)).isFile()) {
        throw new Error("not a file");
      }
      response.writeHead(200, { "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream" });
      createReadStream(file).pipe(response);
    } catch {
      response.writeHead(404).end();
    }
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function table(columns: Column[]): string {
  const header = `| API | input | ${columns.map((column) => column.row.runtime).join(" | ")} |`;
  const rule = `|---|---|${columns.map(() => "---").join("|")}|`;
  const lines = [header, rule];
  for (const [api, apiLabel] of Object.entries(API_LABELS)) {
    for (const [kind, kindLabel] of Object.entries(KIND_LABELS)) {
      const cells = columns.map((column) => {
        const cell = column.row.results.find(
          (result) => (result.api === api || result.api === "*") && (result.kind === kind || result.kind === "*"),
        );
        return cell === undefined ? "–" : cell.outcome === "fail" ? "**fail**" : cell.outcome;
      });
      if (cells.some((cell) => cell !== "–")) {
        lines.push(`| ${apiLabel} | ${kindLabel} | ${cells.join(" | ")} |`);
      }
    }
  }
  return `${lines.join("\n")}\n`;
}

function report(
  columns: Column[],
  tarball: { files: number; size: number; unpackedSize: number },
  seconds: number,
): string {
  const notes = columns.flatMap((column) =>
    column.row.results
      .filter((cell) => cell.outcome === "fail" || cell.outcome === "refused")
      .map(
        (cell) =>
          `- ${column.row.runtime}, ${API_LABELS[cell.api] ?? cell.api}, ${KIND_LABELS[cell.kind] ?? cell.kind}: ` +
          `${cell.outcome}: ${cell.detail ?? ""}`,
      ),
  );
  const peers = columns.flatMap((column) =>
    (column.missingPeers ?? []).map(
      ({ entry, message }) =>
        `- ${column.row.runtime}, \`import("${entry}")\`: ${NAMES_A_PEER.test(message) ? "" : "**does not name the peer**: "}${message}`,
    ),
  );
  const times = columns.map((column) => `${column.row.runtime} ${column.seconds.toFixed(0)} s`).join(", ");
  return [
    "# Upload matrix",
    "",
    "Written by `npm run test:matrix` (scripts/matrix.ts); do not edit. Each cell uploads through the package",
    "installed from its tarball, once without and once with `onUploadProgress`, and checks what the mock stored",
    "(size and SHA-256, read through a plain request, not the client), what the client downloads back, and that",
    "progress ends with `loaded === total`. `refused`: the client throws `InvalidInputError` (`UNSUPPORTED_*`)",
    "before sending; `n/a`: the runtime has no such input (no file system in a browser).",
    "",
    table(columns),
    notes.length > 0 ? ["Failures and refusals:", "", ...notes, ""].join("\n") : "No failures, no refusals.\n",
    ...(peers.length > 0
      ? ["In an app that installed the tarball without `msw`, `ajv` and `ajv-formats`:", "", ...peers, ""]
      : []),
    `Tarball: ${tarball.files} files, ${tarball.size} bytes packed, ${tarball.unpackedSize} bytes unpacked.`,
    `Run time: ${seconds.toFixed(0)} s in all (${times}).`,
    "",
  ].join("\n");
}

async function updateReadme(markdown: string): Promise<void> {
  const path = join(root, "README.md");
  const readme = await readFile(path, "utf8");
  const begin = "<!-- matrix:begin (npm run test:matrix writes this table) -->";
  const end = "<!-- matrix:end -->";
  const from = readme.indexOf(begin);
  const to = readme.indexOf(end);
  if (from === -1 || to < from) {
    console.error("matrix: README.md has no matrix markers; the table is in test/package/matrix.md only");
    return;
  }
  await writeFile(path, `${readme.slice(0, from + begin.length)}\n\n${markdown}\n${readme.slice(to)}`);
}

async function main(): Promise<void> {
  const started = performance.now();
  const work = await mkdtemp(join(tmpdir(), "bytewire-matrix-"));
  try {
    const given = process.env["MATRIX_TARBALL"];
    const tarball = given
      ? { path: given, files: 0, size: (await stat(given)).size, unpackedSize: 0 }
      : await pack(work);
    const app = await installApp(work, tarball.path, true);
    const bare = await installApp(work, tarball.path, false);
    const server = await startServer(app);
    const columns: Column[] = [];
    for (const id of selected.filter((id) => id in SERVER_RUNTIMES)) {
      columns.push(await runServerRuntime(app, bare, id, SERVER_RUNTIMES[id] ?? [], server));
    }
    const modes = selected.filter((id) => id in BROWSER_MODES);
    if (modes.length > 0) {
      columns.push(...(await runChromium(app, modes, server)));
    }
    const seconds = (performance.now() - started) / 1000;
    const markdown = report(columns, tarball, seconds);
    process.stdout.write(markdown);
    if (!partial) {
      await writeFile(join(root, "test/package/matrix.md"), markdown);
      await updateReadme(table(columns));
      // Biome formats Markdown too: align the tables as `npm run format` would.
      await run(join(root, "node_modules/.bin/biome"), ["format", "--write", "README.md", "test/package/matrix.md"], {
        cwd: root,
      });
    }
    const failed = columns.some(
      (column) =>
        column.row.results.some((cell) => cell.outcome === "fail") ||
        column.missingPeers?.some(({ message }) => !NAMES_A_PEER.test(message)),
    );
    console.error(`matrix: ${failed ? "some cells fail" : "every cell passes or is refused"}; ${seconds.toFixed(0)} s`);
    process.exitCode = failed ? 1 : 0;
  } finally {
    for (const child of children) {
      child.kill();
    }
    await rm(work, { recursive: true, force: true });
  }
}

await main();
