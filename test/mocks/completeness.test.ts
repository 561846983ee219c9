import { readFileSync } from "node:fs";
import { createMockBackend, MockDispatcher } from "bytewire/mocks";
import { describe, expect, it } from "vitest";

// Read from disk rather than the mocks' own import, so the check holds the mock to the committed document.
const document = JSON.parse(readFileSync(new URL("../../generated/openapi.json", import.meta.url), "utf8"));
const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

function operationIds(): string[] {
  return Object.values(document.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((item) =>
    HTTP_METHODS.flatMap((method) => (item[method]?.operationId ? [item[method].operationId] : [])),
  );
}

describe("every operation of the document has a mock handler", () => {
  const backend = createMockBackend();

  it("finds the 20 operations of the four APIs in generated/openapi.json", () => {
    expect(operationIds()).toHaveLength(20);
  });

  it("leaves no operation without an implementation", () => {
    const missing = backend.dispatcher.missingImplementations().map((entry) => entry.operation.operationId);
    expect(missing).toEqual([]);
  });

  it("would report an operation whose API is not mocked", () => {
    const withoutFourD = new MockDispatcher(backend.apis.filter((api) => api.tag !== "4D REST"));
    const missing = withoutFourD.missingImplementations().map((entry) => entry.operation.operationId);
    expect(missing.sort()).toEqual(
      operationIds()
        .filter((id) => id.startsWith("fourD"))
        .sort(),
    );
  });

  it("implements nothing the document does not declare", () => {
    const declared = new Set(operationIds());
    const implemented = backend.apis.flatMap((api) => Object.keys(api.operations));
    expect(implemented.filter((id) => !declared.has(id))).toEqual([]);
    expect(new Set(implemented).size).toBe(declared.size);
  });
});
