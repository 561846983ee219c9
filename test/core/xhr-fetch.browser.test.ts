import { describe, expect, it } from "vitest";
import { createApiClient } from "../../src/core/client.ts";
import { ApiError } from "../../src/core/errors.ts";
import { createXhrFetch, type TransferProgress } from "../../src/core/xhr-fetch.ts";

/*
 * These run in Chromium (vitest browser mode) against vitest's own Vite dev server, the only HTTP server there is
 * (no MSW worker is set up, and a service worker would hide the network anyway). Vite answers a POST to a path it
 * does not serve with an empty 404 while Node drains the request body, so a POST there is a real HTTP/1.1 upload:
 * the bytes leave the page and Chromium reports their progress up to the full size. A GET of this test module's own
 * URL (import.meta.url) is a real download with a known body and headers.
 */
const UPLOAD_URL = `${location.origin}/__bytewire_xhr_upload`;
const EIGHT_MIB = 8 * 1024 * 1024;

function expectProgressToEndAt(events: TransferProgress[], size: number): void {
  expect(events.length).toBeGreaterThan(0);
  for (let i = 1; i < events.length; i++) {
    expect(events[i]?.loaded).toBeGreaterThanOrEqual(events[i - 1]?.loaded ?? 0);
  }
  expect(events.at(-1)).toEqual({ loaded: size, total: size });
}

describe("createXhrFetch in Chromium", () => {
  it("uploads the side-channel Blob, reports upload progress and resolves the server's answer", async () => {
    const body = new Blob([new Uint8Array(EIGHT_MIB).fill(7)], { type: "application/octet-stream" });
    const events: TransferProgress[] = [];
    const xhrFetch = createXhrFetch({ body, onUploadProgress: (progress) => events.push(progress) });
    const response = await xhrFetch(new Request(UPLOAD_URL, { method: "POST", body }));
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(404);
    expectProgressToEndAt(events, EIGHT_MIB);
  });

  it("downloads into a Blob-backed Response with parsed headers, URL and download progress", async () => {
    const events: TransferProgress[] = [];
    const response = await createXhrFetch({ onDownloadProgress: (progress) => events.push(progress) })(
      new Request(import.meta.url),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/javascript");
    expect(response.url).toBe(import.meta.url);
    const text = await response.text();
    expect(text).toContain("createXhrFetch in Chromium");
    expectProgressToEndAt(events, Number(response.headers.get("content-length")));
  });

  it("aborts an upload in flight with the signal's reason", async () => {
    const body = new Blob([new Uint8Array(EIGHT_MIB)]);
    const controller = new AbortController();
    const pending = createXhrFetch({ body })(
      new Request(UPLOAD_URL, { method: "POST", body, signal: controller.signal }),
    );
    const reason = new Error("user cancelled");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it("rejects at once for an already aborted signal", async () => {
    const controller = new AbortController();
    controller.abort("too late");
    await expect(createXhrFetch()(new Request(import.meta.url, { signal: controller.signal }))).rejects.toBe(
      "too late",
    );
  });

  it("refuses a Request body it would have to read into memory", async () => {
    const request = new Request(UPLOAD_URL, { method: "POST", body: new Blob(["x"]) });
    await expect(createXhrFetch()(request)).rejects.toThrow(TypeError);
  });

  it("rejects like fetch (TypeError) when the connection fails", async () => {
    // Chromium refuses port 9 (discard) outright (ERR_UNSAFE_PORT); XMLHttpRequest reports that as a network error,
    // the same "error" event a refused or reset connection gives.
    await expect(createXhrFetch()(new Request("http://127.0.0.1:9/"))).rejects.toThrow(TypeError);
  });
});

interface UploadPaths {
  "/__bytewire_xhr_upload": {
    post: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      requestBody: { content: { "application/octet-stream": Blob } };
      responses: { 201: { headers: Record<string, unknown>; content: { "application/json": { id: string } } } };
    };
  };
}

describe("createXhrFetch behind a bytewire client", () => {
  const core = createApiClient<UploadPaths>("cumulocity", { baseUrl: location.origin, maxRetries: 0 });

  function upload(body: Blob, events: TransferProgress[], signal?: AbortSignal) {
    const fetch = core.transportWith({
      fetch: createXhrFetch({ body, onUploadProgress: (progress) => events.push(progress) }),
    });
    return core.raw.POST("/__bytewire_xhr_upload", {
      body,
      bodySerializer: (value) => value,
      headers: { "Content-Type": "application/octet-stream" },
      fetch,
      ...(signal ? { signal } : {}),
    });
  }

  it("reports progress and turns the 404 into the client's ApiError", async () => {
    const body = new Blob([new Uint8Array(EIGHT_MIB)]);
    const events: TransferProgress[] = [];
    const result = await upload(body, events);
    expectProgressToEndAt(events, EIGHT_MIB);
    expect(() => core.expectData(result)).toThrow(ApiError);
    expect(() => core.expectData(result)).toThrow(`cumulocity POST ${UPLOAD_URL}: 404 Not Found`);
  });

  it("maps the caller's abort to AbortError through the transport", async () => {
    const controller = new AbortController();
    const pending = upload(new Blob([new Uint8Array(EIGHT_MIB)]), [], controller.signal);
    controller.abort("navigated away");
    await expect(pending).rejects.toMatchObject({ name: "AbortError", cause: "navigated away" });
  });
});
