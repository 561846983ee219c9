import { describe, expect, it } from "vitest";
import type { Progress } from "../../src/core/body.ts";
import { createApi } from "../../src/core/client.ts";
import { sendDefault } from "../../src/core/transport/web.ts";

/*
 * These run in Chromium (vitest browser mode) against vitest's own Vite dev server, the only HTTP server there is
 * (no MSW worker is set up, and a service worker would hide the network anyway). Vite answers a POST to a path it
 * does not serve with an empty 404 while Node drains the request body, so a POST there is a real HTTP/1.1 upload:
 * the bytes leave the page and Chromium reports their progress up to the full size.
 */
const UPLOAD_URL = `${location.origin}/__bytewire_xhr_upload`;
const EIGHT_MIB = 8 * 1024 * 1024;

function expectProgressToEndAt(events: Progress[], size: number): void {
  expect(events.length).toBeGreaterThan(0);
  for (let i = 1; i < events.length; i++) {
    expect(events[i]?.loaded).toBeGreaterThanOrEqual(events[i - 1]?.loaded ?? 0);
  }
  expect(events.at(-1)).toEqual({ loaded: size, total: size });
}

function blobBody(size: number) {
  const body = new Blob([new Uint8Array(size).fill(7)], { type: "application/octet-stream" });
  return { body, size: body.size, type: body.type, replayable: true };
}

describe("the browser transport in Chromium", () => {
  it("sends a Blob upload that wants progress through XMLHttpRequest, with progress up to the size", async () => {
    const events: Progress[] = [];
    const response = await sendDefault({
      request: new Request(UPLOAD_URL, { method: "POST" }),
      signal: undefined,
      body: blobBody(EIGHT_MIB),
      onUploadProgress: (progress) => events.push(progress),
    });
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(404);
    expectProgressToEndAt(events, EIGHT_MIB);
  });

  it("aborts an upload in flight with the signal's reason, and refuses an aborted signal at once", async () => {
    const controller = new AbortController();
    const pending = sendDefault({
      request: new Request(UPLOAD_URL, { method: "POST" }),
      signal: controller.signal,
      body: blobBody(EIGHT_MIB),
      onUploadProgress: () => undefined,
    });
    const reason = new Error("user cancelled");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await expect(
      sendDefault({
        request: new Request(UPLOAD_URL, { method: "POST" }),
        signal: AbortSignal.abort("too late"),
        body: blobBody(10),
        onUploadProgress: () => undefined,
      }),
    ).rejects.toBe("too late");
  });

  it("rejects like fetch (TypeError) when the connection fails", async () => {
    // Chromium refuses port 9 (discard) outright (ERR_UNSAFE_PORT); XMLHttpRequest reports that as a network error.
    await expect(
      sendDefault({
        request: new Request("http://127.0.0.1:9/", { method: "POST" }),
        signal: undefined,
        body: blobBody(10),
        onUploadProgress: () => undefined,
      }),
    ).rejects.toThrow(TypeError);
  });

  it("downloads with fetch when no upload progress is asked for", async () => {
    const response = await sendDefault({
      request: new Request(import.meta.url),
      signal: undefined,
      body: undefined,
      onUploadProgress: undefined,
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("the browser transport in Chromium");
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

describe("XMLHttpRequest behind a bytewire client", () => {
  const api = createApi<UploadPaths>({ name: "cumulocity" }, { baseUrl: location.origin, maxRetries: 0 });

  function upload(size: number, events: Progress[], signal?: AbortSignal) {
    return api.call(
      {
        options: signal ? { signal } : {},
        body: blobBody(size),
        onUploadProgress: (progress) => events.push(progress),
      },
      (init) => api.raw.POST("/__bytewire_xhr_upload", { ...init }),
    );
  }

  it("reports progress and turns the 404 into the client's ApiError", async () => {
    const events: Progress[] = [];
    const error = await upload(EIGHT_MIB, events).catch((caught: unknown) => caught);
    expectProgressToEndAt(events, EIGHT_MIB);
    expect(error).toMatchObject({ name: "ApiError", status: 404, kind: "not_found" });
    expect((error as Error).message).toBe(`cumulocity POST ${UPLOAD_URL}: 404 Not Found`);
  });

  it("maps the caller's abort to AbortError", async () => {
    const controller = new AbortController();
    const pending = upload(EIGHT_MIB, [], controller.signal);
    controller.abort("navigated away");
    await expect(pending).rejects.toMatchObject({ name: "AbortError", cause: "navigated away" });
  });
});

describe("stream bodies in the browser", () => {
  it("refuses a stream over http before sending anything: browsers stream request bodies only over HTTP/2", async () => {
    const error = await sendDefault({
      request: new Request(UPLOAD_URL, { method: "POST" }),
      signal: undefined,
      body: { body: new Blob(["x"]).stream(), size: undefined, type: undefined, replayable: false },
      onUploadProgress: undefined,
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "InvalidInputError", code: "UNSUPPORTED_RUNTIME", kind: "unsupported" });
  });
});
