// `npm run build`: compiles src/ and generated/ into dist/, then points the declarations' relative imports at `.js`.
// tsc's rewriteRelativeImportExtensions rewrites `./x.ts` in the emitted JavaScript but not in `.d.ts` files, and a
// TypeScript older than 5.x's `.ts`-specifier support in declarations would not find `./x.ts` next to `x.d.ts`.
import { execFile } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { root } from "./lib/generated-files.ts";

const run = promisify(execFile);
const RELATIVE_TS_SPECIFIER = /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']*?)\.ts(["'])/g;

// Extra arguments go to tsc: the built-package test passes `--noCheck` (npm test type-checks the project already).
await run(join(root, "node_modules/.bin/tsc"), ["-p", "tsconfig.build.json", ...process.argv.slice(2)], { cwd: root });
let rewritten = 0;
for (const entry of await readdir(join(root, "dist"), { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith(".d.ts")) {
    continue;
  }
  const path = join(entry.parentPath, entry.name);
  const text = await readFile(path, "utf8");
  const fixed = text.replace(RELATIVE_TS_SPECIFIER, "$1$2.js$3");
  if (fixed !== text) {
    await writeFile(path, fixed);
    rewritten++;
  }
}
console.log(`dist/ built; ${rewritten} declaration files now import .js`);
