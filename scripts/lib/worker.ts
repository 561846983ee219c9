import { copyFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * Writes MSW's `mockServiceWorker.js` into a folder served at the site root, as `msw init` does. npm 11 blocks
 * msw's postinstall script, so the worker is copied by this script instead, always from the installed msw version.
 */
export async function writeWorker(dir: string): Promise<string> {
  const require = createRequire(import.meta.url);
  const source = join(dirname(require.resolve("msw/package.json")), "lib", "mockServiceWorker.js");
  await mkdir(dir, { recursive: true });
  const target = join(dir, "mockServiceWorker.js");
  await copyFile(source, target);
  return target;
}
