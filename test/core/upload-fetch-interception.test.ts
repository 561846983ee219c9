import { createCumulocityClient } from "bytewire/cumulocity";
import { createFourDClient } from "bytewire/fourd";
import { createCumulocityMock, createFourDMock } from "bytewire/mocks";
import { describe, expect, it } from "vitest";
import { chunkedStream, sameBytes } from "../support/bytes.ts";
import { useMockedApis } from "../support/msw.ts";

// In Node, request bodies leave through node:http (see src/core/transport/node.ts). msw/node intercepts by
// replacing `http.request` on the module, so the SDK's default transport must look it up there at call time: apps
// test their uploads with setupServer and no custom fetch. Unhandled requests fail these tests.
useMockedApis(() => [createCumulocityMock(), createFourDMock()]);

const bytes = Uint8Array.from({ length: 200_000 }, (_, index) => (index * 13) & 0xff);

describe("uploads with the default transport under msw/node", () => {
  it("reach the mock for a Blob and for a stream (Cumulocity multipart, PUT)", async () => {
    const c8y = createCumulocityClient({
      baseUrl: "https://t100.eu-latest.cumulocity.com",
      auth: { type: "basic", tenant: "t100", user: "admin", password: "admin" },
    });
    const binary = await c8y.upload(new Blob([bytes]), { name: "a.bin", type: "application/octet-stream" });
    expect(sameBytes(await (await c8y.download(binary.id)).bytes(), bytes)).toBe(true);
    const reversed = bytes.slice().reverse();
    await c8y.replace(binary.id, chunkedStream(reversed), { contentType: "application/octet-stream" });
    expect(sameBytes(await (await c8y.download(binary.id)).bytes(), reversed)).toBe(true);
  });

  it("reach the mock for a raw body (4D $upload)", async () => {
    const fourd = createFourDClient({
      baseUrl: "http://localhost:4010",
      auth: { type: "session", user: "admin", password: "admin" },
    });
    await fourd.upload({ dataClass: "Documents", key: 43, attribute: "contract" }, chunkedStream(bytes), {
      kind: "blob",
    });
    const back = await fourd.download({ dataClass: "Documents", key: 43, attribute: "contract" });
    expect(sameBytes(await back?.bytes(), bytes)).toBe(true);
  });
});
