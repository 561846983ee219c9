import { describe, expect, it } from "vitest";
import { API_TAGS, document, router } from "../support/document.ts";

// The operations each API must have. A new operation is added here on purpose, with its API.
const EXPECTED: Record<(typeof API_TAGS)[number], string[]> = {
  "PingDS HDAP": ["hdapReadOrQuery", "hdapUpdateOrCreate", "hdapCreateOrAction", "hdapDeleteEntry", "hdapPatchEntry"],
  "4D REST": [
    "fourDListEntities",
    "fourDUpdateEntities",
    "fourDGetEntity",
    "fourDGetAttribute",
    "fourDUpload",
    "fourDLogin",
    "fourDLogout",
  ],
  "Cumulocity binaries": [
    "cumulocityListBinaries",
    "cumulocityUploadBinary",
    "cumulocityDownloadBinary",
    "cumulocityReplaceBinary",
    "cumulocityDeleteBinary",
  ],
  "PingOne images": ["pingOneCreateImage", "pingOneReadImage", "pingOneDeleteImage"],
};

describe("operations of the document", () => {
  it("belong to exactly one of the four APIs, and each API has the expected operations", () => {
    const byApi = Object.fromEntries(API_TAGS.map((tag) => [tag, [] as string[]]));
    for (const { operation } of router.operations) {
      expect(operation.tags, operation.operationId).toHaveLength(1);
      const [tag] = operation.tags ?? [];
      expect(API_TAGS, operation.operationId).toContain(tag);
      byApi[tag as string]?.push(operation.operationId);
    }
    const counts = Object.fromEntries(Object.entries(byApi).map(([tag, ids]) => [tag, ids.length]));
    console.log("operations per API:", counts);
    expect(byApi).toEqual(EXPECTED);
  });

  it("have unique operationIds", () => {
    const ids = router.operations.map((entry) => entry.operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const { operation, servers } of router.operations) {
    it(`${operation.operationId} is documented: summary, description, security, servers, errors`, () => {
      expect(operation.summary?.length).toBeGreaterThan(5);
      expect(operation.description?.length, "a description of what the real server does").toBeGreaterThan(40);
      expect(operation.security, "security is declared on every operation").toBeDefined();
      expect(
        servers.some((server) => !server.url.includes("localhost")),
        "a vendor server",
      ).toBe(true);
      expect(
        servers.some((server) => server.url.startsWith("http://localhost:4010")),
        "the mock server",
      ).toBe(true);
      const statuses = Object.keys(operation.responses);
      expect(statuses.some((status) => status.startsWith("2"))).toBe(true);
      expect(
        statuses.some((status) => status.startsWith("4")),
        "at least one documented error",
      ).toBe(true);
    });
  }

  it("has an introduction for every API tag", () => {
    for (const tag of API_TAGS) {
      const description = document.tags?.find((entry) => entry.name === tag)?.description ?? "";
      expect(description.length, tag).toBeGreaterThan(400);
    }
  });
});
