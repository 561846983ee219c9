import { describe, expect, it } from "vitest";
import { createTransport } from "../../src/core/transport.ts";
import { createXhrFetch } from "../../src/core/xhr-fetch.ts";

// The behaviour itself is tested in Chromium (xhr-fetch.browser.test.ts); Node has no XMLHttpRequest.
describe("createXhrFetch outside browsers", () => {
  it("rejects with a TypeError that says to use fetch", async () => {
    expect(typeof XMLHttpRequest).toBe("undefined");
    await expect(createXhrFetch()(new Request("https://h.example/"))).rejects.toThrow(
      "createXhrFetch needs XMLHttpRequest, which only browsers provide; use fetch here",
    );
  });

  it("surfaces through the transport as a NetworkError, like any fetch that cannot connect", async () => {
    const transport = createTransport({ api: "pingone", fetch: createXhrFetch(), maxRetries: 0 });
    await expect(transport(new Request("https://h.example/"))).rejects.toMatchObject({ name: "NetworkError" });
  });
});
