import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
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

// Redoc's sidebar footer ("API docs by <logo>") loads Redocly's logo from cdn.redoc.ly whenever the page is viewed,
// which an offline or firewalled viewer sees as a failed request and a console error; the logo is drawn inline
// instead. Browsers also ask for /favicon.ico, which a plain file server may not have (another console error); an empty
// `data:` icon means no request is made.
const REDOCLY_LOGO_URL = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g;
const REDOCLY_LOGO_INLINE =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='52' height='14'%3E%3Ctext x='0' y='11' " +
  "font-family='sans-serif' font-size='11' font-weight='700' fill='%23ff5c35'%3ERedocly%3C/text%3E%3C/svg%3E";
const NO_FAVICON = '<link rel="icon" href="data:,">';

/** The rendered page without requests to other origins: the CDN logo inlined, the favicon request suppressed. */
export function selfContainedPage(html: string): string {
  const withIcon = html.replace("<head>", `<head>\n  ${NO_FAVICON}`);
  return withIcon.replace(REDOCLY_LOGO_URL, REDOCLY_LOGO_INLINE);
}

/**
 * Renders the document with Redocly into one self-contained HTML page (`--inlineBundle`: Redoc is embedded, nothing
 * is fetched from a CDN at view time, see {@link selfContainedPage}) and writes the bundled document as YAML beside
 * it.
 */
export async function buildDocs(): Promise<{ html: string; yaml: string }> {
  await mkdir(docsDir, { recursive: true });
  const html = join(docsDir, "index.html");
  const yaml = join(docsDir, "openapi.yaml");
  await redocly(["build-docs", "bytewire", "--output", html, "--inlineBundle", "--title", "bytewire API docs"]);
  await writeFile(html, selfContainedPage(await readFile(html, "utf8")));
  await redocly(["bundle", "bytewire", "--output", yaml, "--ext", "yaml"]);
  return { html, yaml };
}
