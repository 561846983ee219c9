import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { renderGeneratedFiles, root } from "./lib/generated-files.ts";

let stale = 0;
for (const file of await renderGeneratedFiles()) {
  const committed = await readFile(join(root, file.path), "utf8").catch(() => undefined);
  if (committed === file.contents) {
    console.log(`fresh  ${file.path}`);
    continue;
  }
  stale++;
  const reason = committed === undefined ? "missing" : firstDifference(committed, file.contents);
  console.error(`STALE  ${file.path}: ${reason}`);
}
if (stale > 0) {
  console.error("\ngenerated/ does not match openapi/. Run `npm run generate` and commit the result.");
  process.exit(1);
}

function firstDifference(committed: string, fresh: string): string {
  const a = committed.split("\n");
  const b = fresh.split("\n");
  for (let line = 0; line < Math.max(a.length, b.length); line++) {
    if (a[line] !== b[line]) {
      return `line ${line + 1} differs\n  committed: ${a[line] ?? "<end of file>"}\n  expected:  ${b[line] ?? "<end of file>"}`;
    }
  }
  return "differs";
}
