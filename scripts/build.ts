// `npm run build` (and `npm pack`, whose prepack runs it): compiles src/ and generated/ into a fresh dist/, the only
// folder the package ships. dist/ is emptied first, so a module deleted from src/ cannot linger in the tarball.
// tsc's rewriteRelativeImportExtensions rewrites `./x.ts` in the emitted JavaScript but not in `.d.ts` files, and a
// TypeScript older than 5.x's `.ts`-specifier support in declarations would not find `./x.ts` next to `x.d.ts`, so the
// declarations' relative imports are pointed at `.js` here. The bundled OpenAPI document is written back compact:
// tsc re-indents JSON modules, which makes the mock's copy a quarter larger for nothing.
import { execFile } from "node:child_process";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = new URL("../", import.meta.url).pathname;
const dist = join(root, "dist");
const RELATIVE_TS_SPECIFIER = /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']*?)\.ts(["'])/g;

await rm(dist, { recursive: true, force: true });
// BYTEWIRE_BUILD_NO_CHECK skips tsc's type-check: the built-package test sets it, as npm test type-checks the project
// already.
const noCheck = process.env["BYTEWIRE_BUILD_NO_CHECK"] ? ["--noCheck"] : [];
await run(join(root, "node_modules/.bin/tsc"), ["-p", "tsconfig.build.json", ...noCheck], { cwd: root });
let rewritten = 0;
for (const entry of await readdir(dist, { recursive: true, withFileTypes: true })) {
  const path = join(entry.parentPath, entry.name);
  if (entry.isFile() && entry.name.endsWith(".d.ts")) {
    const text = await readFile(path, "utf8");
    const fixed = text.replace(RELATIVE_TS_SPECIFIER, "$1$2.js$3");
    if (fixed !== text) {
      await writeFile(path, fixed);
      rewritten++;
    }
  } else if (entry.isFile() && entry.name.endsWith(".json")) {
    await writeFile(path, JSON.stringify(JSON.parse(await readFile(path, "utf8"))));
  }
}
console.log(`dist/ built; ${rewritten} declaration files now import .js`);
