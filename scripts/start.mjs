// `npm start`: runs scripts/start.ts from one JavaScript file that esbuild bundles from it and the SDK's sources
// (build/start/start.mjs, dependencies left in node_modules). Node loads that file in a fraction of the time tsx takes
// to compile and resolve the same 200 modules one by one, so the banner comes at once. The bundle is built again
// whenever one of the files it was built from has changed (about 0.2 s). Plain JavaScript: it runs before anything
// could compile TypeScript.
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
// Two folders below the root, like scripts/lib/root.ts: the bundled copy of root.ts finds the root from here too.
const folder = join(root, "build", "start");
const bundle = join(folder, "start.mjs");
const manifest = join(folder, "inputs.json");
const SOURCE_CONDITION = "bytewire-source";

/** A hash of each file the bundle was built from, by path from the root. */
async function hashes(paths) {
  const entries = await Promise.all(
    paths.map(async (path) => {
      const contents = await readFile(join(root, path)).catch(() => undefined);
      return [path, contents === undefined ? "missing" : createHash("sha1").update(contents).digest("hex")];
    }),
  );
  return Object.fromEntries(entries);
}

async function isFresh() {
  const recorded = JSON.parse(await readFile(manifest, "utf8").catch(() => "{}"));
  const paths = Object.keys(recorded);
  if (paths.length === 0) {
    return false;
  }
  const now = await hashes(paths);
  return paths.every((path) => now[path] === recorded[path]);
}

/**
 * Resolves the package's own `bytewire/*` entry points to their sources, read from its exports map as tsx reads
 * them. A plugin rather than esbuild's `alias`: an alias also rewrites every longer path it prefixes, so
 * `bytewire/mocks` would turn `bytewire/mocks/node` into `src/mocks/index.ts/node`.
 */
async function selfReferences() {
  const { name, exports } = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
  const sources = new Map();
  for (const [subpath, targets] of Object.entries(exports)) {
    const source = typeof targets === "object" ? targets[SOURCE_CONDITION] : undefined;
    if (typeof source === "string") {
      sources.set(`${name}${subpath.slice(1)}`, join(root, source));
    }
  }
  return {
    name: "self-references",
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${name}(/|$)`) }, (args) => {
        const path = sources.get(args.path);
        return path === undefined ? undefined : { path };
      });
    },
  };
}

async function rebuild() {
  const { build } = await import("esbuild");
  await mkdir(folder, { recursive: true });
  const { metafile } = await build({
    entryPoints: [join(root, "scripts", "start.ts")],
    outfile: bundle,
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    conditions: [SOURCE_CONDITION],
    plugins: [await selfReferences()],
    sourcemap: "linked",
    metafile: true,
    logLevel: "warning",
  });
  const inputs = [...Object.keys(metafile.inputs), "package.json", "scripts/start.mjs"];
  await writeFile(manifest, JSON.stringify(await hashes(inputs), null, 2));
}

if (!(await isFresh())) {
  await rebuild();
}
await import(pathToFileURL(bundle).href);
