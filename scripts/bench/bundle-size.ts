// What a client costs in a browser bundle: esbuild bundles a one-line module (browser platform, ESM, minified,
// tree-shaken) and the result is measured minified and gzipped. Kept apart from the bench so that a size-budget test
// can use the same measurement.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { root } from "../lib/generated-files.ts";

/** The size of one bundle, in bytes. */
export interface BundleSize {
  minified: number;
  /** Minified, then gzip at level 9. */
  gzipped: number;
}

/** One bundle's size and what went into it. */
export interface BundleContents extends BundleSize {
  /** Bytes each input file contributes to the minified output, by its path from the repository root. */
  inputs: Record<string, number>;
}

/**
 * Bundles `source` (an ES module that imports from the package by its public names, resolved to the TypeScript source
 * through the `bytewire-source` condition) as an application's browser build would, and measures it.
 *
 * @example
 * await bundleSize('export { createHdapClient } from "bytewire/hdap";');
 */
export async function bundleSize(source: string): Promise<BundleSize> {
  const { minified, gzipped } = await bundleContents(source);
  return { minified, gzipped };
}

/**
 * {@link bundleSize} with esbuild's account of which source files the output holds, and how many bytes of each
 * (tree-shaken files that contribute nothing are left out).
 *
 * @example
 * Object.keys((await bundleContents('export { createHdapClient } from "bytewire/hdap";')).inputs);
 */
export async function bundleContents(source: string): Promise<BundleContents> {
  const result = await build({
    stdin: { contents: source, resolveDir: root, sourcefile: "entry.js", loader: "js" },
    bundle: true,
    write: false,
    platform: "browser",
    format: "esm",
    minify: true,
    treeShaking: true,
    target: "es2022",
    conditions: ["bytewire-source"],
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.contents;
  const output = Object.values(result.metafile.outputs)[0];
  if (!code || !output) {
    throw new Error("esbuild produced no output");
  }
  const inputs: Record<string, number> = {};
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    if (bytesInOutput > 0) {
      inputs[path] = bytesInOutput;
    }
  }
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength, inputs };
}

/** Each client entry point with the one function an application imports from it, and the root with all four. */
export const CLIENT_ENTRY_POINTS: Readonly<Record<string, string>> = {
  "bytewire/hdap": 'export { createHdapClient } from "bytewire/hdap";',
  "bytewire/fourd": 'export { createFourDClient } from "bytewire/fourd";',
  "bytewire/cumulocity": 'export { createCumulocityClient } from "bytewire/cumulocity";',
  "bytewire/pingone": 'export { createPingOneClient } from "bytewire/pingone";',
  "bytewire (one client: createCumulocityClient)": 'export { createCumulocityClient } from "bytewire";',
  "bytewire (all four clients)":
    'export { createCumulocityClient, createFourDClient, createHdapClient, createPingOneClient } from "bytewire";',
};

/** What the clients are compared with. */
export const PEER_BUNDLES: Readonly<Record<string, string>> = {
  "openapi-fetch alone (createClient)": 'export { default } from "openapi-fetch";',
  "@c8y/client (Client, BasicAuth; binaries via client.inventoryBinary)":
    'export { BasicAuth, Client } from "@c8y/client";',
};
