// One runtime's row of the matrix: `<node|bun|deno> run-node.mjs <mock server URL> [api:kind]`. Prints the results as
// one JSON line; progress goes to stderr.
import { createReadStream, openAsBlob } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { runMatrix } from "./cells.mjs";

const [baseUrl, only = "*:*"] = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2);
const reset = await fetch(`${baseUrl}/__matrix/reset`, { method: "POST" });
if (reset.status !== 204) {
  throw new Error(`resetting the mock answered ${reset.status}`);
}
const directory = await mkdtemp(join(tmpdir(), "bytewire-matrix-"));
try {
  const files = async (name, bytes) => {
    const path = join(directory, name);
    await writeFile(path, bytes);
    return {
      path,
      url: pathToFileURL(path),
      stream: () => createReadStream(path),
      openAsBlob: () => openAsBlob(path),
    };
  };
  const row = await runMatrix({ baseUrl, files, only, log: (line) => console.error(line) });
  console.log(JSON.stringify(row));
} finally {
  await rm(directory, { recursive: true, force: true });
}
