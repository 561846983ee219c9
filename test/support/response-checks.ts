import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ResponseCheck } from "bytewire/mocks";

// Each test file counts the mock responses it checked against the document and leaves its tally in a folder that
// the global teardown sums, because test files run in separate workers.
// Read when used: the global setup sets the run id after this module is loaded.
const folder = () => join(tmpdir(), `bytewire-response-checks-${process.env["BYTEWIRE_CHECKS_RUN"] ?? "local"}`);

const tally = { checked: 0, failed: [] as string[] };

/** Records one response check (the mock dispatcher's `onResponseChecked`). */
export function recordResponseCheck(check: ResponseCheck): void {
  tally.checked++;
  if (check.issues.length > 0) {
    tally.failed.push(
      `${check.operationId} ${check.status}: ${check.issues.map((i) => `${i.at} ${i.message}`).join("; ")}`,
    );
  }
}

/** Writes this file's tally (called after all tests of a file). */
export function flushResponseChecks(name: string): void {
  if (tally.checked === 0) {
    return;
  }
  mkdirSync(folder(), { recursive: true });
  writeFileSync(join(folder(), `${process.pid}-${name.replace(/\W+/g, "_")}.json`), JSON.stringify(tally));
  tally.checked = 0;
  tally.failed = [];
}

/** Empties the folder before a run. */
export function startResponseChecks(): void {
  rmSync(folder(), { recursive: true, force: true });
}

/** Removes the folder after a run. */
export function stopResponseChecks(): void {
  rmSync(folder(), { recursive: true, force: true });
}

/** Sums the tallies of all test files. */
export function sumResponseChecks(): { checked: number; failed: string[]; files: number } {
  const files = readdirSync(folder(), { withFileTypes: true }).filter((entry) => entry.isFile());
  const sum = { checked: 0, failed: [] as string[], files: files.length };
  for (const file of files) {
    const part = JSON.parse(readFileSync(join(folder(), file.name), "utf8")) as typeof tally;
    sum.checked += part.checked;
    sum.failed.push(...part.failed);
  }
  return sum;
}
