import { startResponseChecks, stopResponseChecks, sumResponseChecks } from "./response-checks.ts";

export function setup(): void {
  process.env["BYTEWIRE_CHECKS_RUN"] = String(process.pid);
  startResponseChecks();
}

export function teardown(): void {
  let sum: ReturnType<typeof sumResponseChecks>;
  try {
    sum = sumResponseChecks();
  } catch {
    return;
  } finally {
    stopResponseChecks();
  }
  process.stdout.write(
    `\nMock responses validated against the document: ${sum.checked} (from ${sum.files} test files), failed: ${sum.failed.length}\n`,
  );
  if (sum.failed.length > 0) {
    throw new Error(`Mock responses that do not match the document:\n${sum.failed.join("\n")}`);
  }
}
