import { afterAll, afterEach, expect } from "vitest";
import { registerByteEquality } from "./bytes.ts";
import { mockErrors } from "./mock-errors.ts";
import { flushResponseChecks } from "./response-checks.ts";

registerByteEquality();

// A mock implementation that throws (or answers off the document) is a bug even when the test's own assertions pass.
afterEach(() => {
  const errors = mockErrors.splice(0).map((error) => (error instanceof Error ? error.message : String(error)));
  expect(errors, "errors inside the mock").toEqual([]);
});

afterAll(() => {
  flushResponseChecks(expect.getState().testPath ?? "unknown");
});
