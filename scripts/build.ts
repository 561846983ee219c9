// `npm run build` (and `npm pack`, whose prepack runs it): compiles src/ and generated/ into a fresh dist/, the only
// folder the package ships. dist/ is emptied first, so a module deleted from src/ cannot linger in the tarball. A build
// is skipped when its inputs and dist/ are both as the last build left them (npm test packs the package each run, and
// tsc takes 5 to 8 CPU-s); deleting build/dist.sha256 forces one.
// tsc's rewriteRelativeImportExtensions rewrites `./x.ts` in the emitted JavaScript but not in `.d.ts` files, and a
// TypeScript older than 5.x's `.ts`-specifier support in declarations would not find `./x.ts` next to `x.d.ts`, so the
// declarations' relative imports are pointed at `.js` here. The bundled OpenAPI document is written back compact:
// tsc re-indents JSON modules, which makes the mock's copy a quarter larger for nothing.
import { execFile } from "node:child_process";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { filesUnder, fingerprint } from "./lib/fingerprint.ts";
import { root } from "./lib/root.ts";

const run = promisify(execFile);
const dist = join(root, "dist");
const RELATIVE_TS_SPECIFIER = /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']*?)\.ts(["'])/g;

// BYTEWIRE_BUILD_NO_CHECK skips tsc's type-check: the built-package test sets it, as npm test type-checks the project
// already.
const noCheck = process.env["BYTEWIRE_BUILD_NO_CHECK"] ? ["--noCheck"] : [];
const stampFile = join(root, "build", "dist.sha256");
const inputs = [
  ...(await filesUnder(join(root, "src"))),
  ...(await filesUnder(join(root, "generated"))),
  ...[
    "package.json",
    "tsconfig.json",
    "tsconfig.build.json",
    "scripts/build.ts",
    "node_modules/typescript/package.json",
  ].map((file) => join(root, file)),
];
// What a build makes: from these inputs, with or without the type-check, this dist/.
const made = `${await fingerprint(inputs)} ${noCheck.join("")}`;
const stamp = async () => `${made} ${await fingerprint(await filesUnder(dist))}\n`;
if ((await readFile(stampFile, "utf8").catch(() => undefined)) === (await stamp())) {
  console.log("dist/ is up to date: neither its sources nor dist/ changed since the last build");
  process.exit(0);
}

await rm(dist, { recursive: true, force: true });
await rm(stampFile, { force: true });
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
await mkdir(dirname(stampFile), { recursive: true });
await writeFile(stampFile, await stamp());
console.log(`dist/ built; ${rewritten} declaration files now import .js`);
