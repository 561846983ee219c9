import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { renderGeneratedFiles, root } from "./lib/generated-files.ts";

for (const file of await renderGeneratedFiles()) {
  const target = join(root, file.path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, file.contents);
  console.log(`wrote ${file.path} (${Buffer.byteLength(file.contents)} bytes)`);
}
