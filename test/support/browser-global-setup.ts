import { join } from "node:path";
import { writeWorker } from "../../scripts/lib/worker.ts";

// The browser tests serve test/browser/public at the site root; MSW's worker script must be there, from the
// installed msw version (npm 11 blocks msw's own postinstall that would copy it).
export async function setup(): Promise<void> {
  await writeWorker(join(import.meta.dirname, "..", "browser", "public"));
}
