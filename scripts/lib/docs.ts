import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { root } from "./generated-files.ts";

const run = promisify(execFile);

/** Where `npm run docs` writes the rendered docs (git-ignored); the mock server serves it at /docs. */
export const docsDir: string = join(root, "build", "docs");

function redocly(args: string[]): Promise<unknown> {
  return run(join(root, "node_modules/.bin/redocly"), args, {
    cwd: root,
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  });
}

/**
 * Renders the document with Redocly into one self-contained HTML page (`--inlineBundle`: Redoc is embedded, nothing
 * is fetched from a CDN at view time) and writes the bundled document as YAML beside it.
 */
export async function buildDocs(): Promise<{ html: string; yaml: string }> {
  await mkdir(docsDir, { recursive: true });
  const html = join(docsDir, "index.html");
  const yaml = join(docsDir, "openapi.yaml");
  await redocly(["build-docs", "bytewire", "--output", html, "--inlineBundle", "--title", "bytewire API docs"]);
  await redocly(["bundle", "bytewire", "--output", yaml, "--ext", "yaml"]);
  return { html, yaml };
}
