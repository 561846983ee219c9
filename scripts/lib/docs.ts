import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import type { OpenApiDocument } from "bytewire/mocks";
import { fingerprint } from "./fingerprint.ts";
import { root } from "./root.ts";

const run = promisify(execFile);

/** Where `npm run docs` writes the rendered docs (git-ignored); the mock server serves it at /docs. */
export const docsDir: string = join(root, "build", "docs");

/**
 * The docs render `generated/openapi.json`, the bundled document the mock server routes and validates against and
 * serves its example files from; `npm run generate` refreshes it from `openapi/` (`npm test` fails while it is stale).
 */
const DOCUMENT = join(root, "generated", "openapi.json");

/** Everything the rendered page depends on; a change to any of them renders the docs again. */
const INPUTS = [
  DOCUMENT,
  join(root, "redocly.yaml"),
  join(root, "node_modules", "@redocly", "cli", "package.json"),
  ...["docs.ts", "docs-examples.ts", "docs-page.ts", "byte-preview.ts"].map((file) =>
    join(root, "scripts", "lib", file),
  ),
];
const FINGERPRINT = "inputs.sha256";

function redocly(args: string[]): Promise<unknown> {
  return run(join(root, "node_modules/.bin/redocly"), args, {
    cwd: root,
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  });
}

/** True when `docsDir` holds the docs of the current inputs, so that {@link buildDocs} would have nothing to do. */
export async function docsAreFresh(): Promise<boolean> {
  const built = await readFile(join(docsDir, FINGERPRINT), "utf8").catch(() => undefined);
  return built === (await fingerprint(INPUTS));
}

/** What {@link buildDocs} wrote. */
export interface BuiltDocs {
  html: string;
  yaml: string;
}

/**
 * Renders the document with Redocly into one self-contained HTML page (`--inlineBundle`: Redoc is embedded, nothing
 * is fetched from a CDN at view time, see docs-page.ts), with the example files its binary examples link to
 * (docs-examples.ts) and the bundled document as YAML beside it. Skipped when `docsDir` already holds the docs of the
 * same inputs, unless `force` is set. A server may read `docsDir` meanwhile (see replaceDocs).
 */
export async function buildDocs(options: { force?: boolean } = {}): Promise<BuiltDocs> {
  const html = join(docsDir, "index.html");
  const yaml = join(docsDir, "openapi.yaml");
  const inputs = await fingerprint(INPUTS);
  if (!options.force && (await docsAreFresh())) {
    return { html, yaml };
  }
  // Loaded only to render: `npm start` checks freshness before its banner and should not wait for the SDK's modules.
  const { presentBinaryExamples } = await import("./docs-examples.ts");
  const { selfContainedPage, servedFromAnyOrigin } = await import("./docs-page.ts");
  const build = join(root, "build");
  await mkdir(build, { recursive: true });
  const staging = await mkdtemp(join(build, "docs-staging-"));
  try {
    const document = JSON.parse(await readFile(DOCUMENT, "utf8")) as OpenApiDocument;
    const { document: shown, files } = presentBinaryExamples(document);
    await mkdir(join(staging, "examples"));
    for (const file of files) {
      await writeFile(join(staging, "examples", file.name), file.bytes);
    }
    const source = join(staging, "rendered-document.json");
    await writeFile(source, JSON.stringify(shown));
    const page = join(staging, "index.html");
    await Promise.all([
      redocly(["build-docs", source, "--output", page, "--inlineBundle", "--title", "bytewire API docs"]),
      redocly(["bundle", DOCUMENT, "--output", join(staging, "openapi.yaml"), "--ext", "yaml"]),
    ]);
    await rm(source);
    const mockOrigin = document.servers?.[0]?.url ?? "http://localhost:4010";
    await writeFile(page, servedFromAnyOrigin(selfContainedPage(await readFile(page, "utf8")), mockOrigin));
    await writeFile(join(staging, FINGERPRINT), inputs);
    await replaceDocs(staging);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { html, yaml };
}

/**
 * Moves the staged docs into `docsDir` file by file: a rename over an existing file is atomic, so a server reading
 * `docsDir` meanwhile serves the old or the new version of each file, never none. The fingerprint comes last.
 */
async function replaceDocs(staging: string): Promise<void> {
  const examples = join(docsDir, "examples");
  await mkdir(examples, { recursive: true });
  const fresh = new Set(await readdir(join(staging, "examples")));
  for (const name of fresh) {
    await rename(join(staging, "examples", name), join(examples, name));
  }
  for (const name of await readdir(examples)) {
    if (!fresh.has(name)) {
      await rm(join(examples, name), { force: true });
    }
  }
  for (const name of ["openapi.yaml", "index.html", FINGERPRINT]) {
    await rename(join(staging, name), join(docsDir, name));
  }
}
