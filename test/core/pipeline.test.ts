import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { basicAuth, renewingAuth } from "../../src/core/auth.ts";
import { type ClientOptions, createApi } from "../../src/core/client.ts";
import type { RequestLogEntry } from "../../src/core/logger.ts";
import type { CallSpec } from "../../src/core/pipeline.ts";
import type { FetchFunction } from "../../src/core/transport/fetch.ts";
import type { CumulocityPaths } from "../../src/cumulocity/types.ts";
import { caught } from "../support/bytes.ts";
import { endlessBody } from "./endless-body.ts";

// The pipeline through the core of a client (createApi), with the document's Cumulocity paths and a scripted fetch.
const BASE_URL = "https://t100.example.com";
const PAGE = {
  managedObjects: [],
  statistics: { currentPage: 1, pageSize: 5 },
  self: `${BASE_URL}/inventory/binaries`,
};

type Answer = Response | Error | ((request: Request) => Response | Promise<Response>);

function scripted(answers: Answer[]) {
  const requests: Request[] = [];
  const fetch: FetchFunction = async (request) => {
    requests.push(request);
    const next = answers.shift();
    if (next === undefined) {
      throw new Error("unexpected request");
    }
    if (next instanceof Error) {
      throw next;
    }
    return typeof next === "function" ? next(request) : next;
  };
  return { fetch, requests };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

/** A fetch that answers only when its signal aborts, like a server that never sends headers. */
const hangingFetch: FetchFunction = (request) =>
  new Promise((_, reject) => {
    request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
  });

function api(options: Partial<ClientOptions> = {}, auth?: Parameters<typeof createApi<CumulocityPaths>>[0]["auth"]) {
  return createApi<CumulocityPaths>(
    { name: "cumulocity", auth, describeError: (body) => ({ code: (body as { error?: string } | undefined)?.error }) },
    { baseUrl: BASE_URL, ...options },
  );
}

function list(client: ReturnType<typeof api>, spec: CallSpec = {}) {
  return client.call(spec, (init) => client.raw.GET("/inventory/binaries", { ...init }));
}

function replace(client: ReturnType<typeof api>, spec: CallSpec) {
  return client.call(spec, (init) =>
    client.raw.PUT("/inventory/binaries/{id}", { params: { path: { id: "7" } }, ...init }),
  );
}

const failed = () =>
  new TypeError("fetch failed", { cause: Object.assign(new Error("refused"), { code: "ECONNREFUSED" }) });

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("pipeline: sending", () => {
  it("looks up globalThis.fetch on every request, not when the client is created", async () => {
    const client = api();
    const stub = vi.fn(async () => json(PAGE));
    vi.stubGlobal("fetch", stub);
    const { data } = await list(client);
    expect(data).toEqual(PAGE);
    expect(stub).toHaveBeenCalledTimes(1);
  });

  it("merges the client's headers, the caller's and the call's own (which win), and sends redirect: manual", async () => {
    const { fetch, requests } = scripted([json(PAGE)]);
    const client = api({ fetch, headers: { "X-Client": "c", Accept: "text/plain" }, userAgent: "app/1" });
    await list(client, {
      options: { headers: { "X-Call": "k", Accept: "application/xml" } },
      headers: { Accept: "application/json" },
    });
    const [request] = requests;
    expect(request?.headers.get("x-client")).toBe("c");
    expect(request?.headers.get("x-call")).toBe("k");
    expect(request?.headers.get("accept")).toBe("application/json");
    expect(request?.headers.get("user-agent")).toBe("app/1");
    expect(request?.redirect).toBe("manual");
  });

  it("sends the call's body beside the request, with its Content-Type, afresh for every attempt", async () => {
    vi.useFakeTimers();
    const { fetch, requests } = scripted([new Response(null, { status: 503 }), json({ id: "7" }, 201)]);
    const client = api({ fetch });
    const pending = replace(client, {
      body: { body: new Blob(["new bytes"]), size: 9, type: "text/plain", replayable: true },
    });
    await vi.advanceTimersByTimeAsync(1000);
    const { data } = await pending;
    expect(data).toEqual({ id: "7" });
    expect(requests).toHaveLength(2);
    for (const request of requests) {
      expect(request.method).toBe("PUT");
      expect(request.headers.get("content-type")).toBe("text/plain");
      expect(await request.text()).toBe("new bytes");
    }
  });

  it("hands the raw client's middleware the call's request, and sends the runtime Request a middleware returns", async () => {
    const { fetch, requests } = scripted([json(PAGE), json(PAGE)]);
    const client = api({ fetch });
    const seen: { url: string; method: string; accept: string | null; clone: unknown }[] = [];
    client.raw.use({
      onRequest({ request }) {
        seen.push({
          url: request.url,
          method: request.method,
          accept: request.headers.get("accept"),
          clone: request.clone(),
        });
      },
    });
    await list(client, { headers: { Accept: "application/json" } });
    expect(seen).toEqual([
      { url: `${BASE_URL}/inventory/binaries`, method: "GET", accept: "application/json", clone: expect.any(Request) },
    ]);

    const replaced = createApi<CumulocityPaths>({ name: "cumulocity" }, { baseUrl: BASE_URL, fetch });
    replaced.raw.use({
      onRequest: ({ request }) => new Request(request.url, { headers: { "X-Replaced": "yes" }, redirect: "manual" }),
    });
    await list(replaced);
    expect(requests[1]?.headers.get("x-replaced")).toBe("yes");
  });

  it("sends a stream body once and hands back the 503, even for an idempotent PUT", async () => {
    const { fetch, requests } = scripted([new Response(null, { status: 503 })]);
    const client = api({ fetch, maxRetries: 5 });
    const stream = new Blob(["once"]).stream();
    const error = await caught(() =>
      replace(client, { body: { body: stream, size: undefined, type: "text/plain", replayable: false } }),
    );
    expect(error).toMatchObject({ name: "ApiError", status: 503, kind: "unavailable" });
    expect(requests).toHaveLength(1);
  });
});

describe("pipeline: answers", () => {
  it("throws ApiError with method, URL, the API's code, typed body, kind and request id for a non-2xx answer", async () => {
    const { fetch } = scripted([
      json({ error: "inventory/Not Found", message: "gone" }, 404, { "X-Request-Id": "r-9" }),
    ]);
    const error = await caught(() =>
      api({ fetch, maxRetries: 0 }).call({}, (init) =>
        api({ fetch }).raw.GET("/inventory/binaries/{id}", { params: { path: { id: "9" } }, ...init }),
      ),
    );
    expect(error).toMatchObject({ name: "ApiError", kind: "not_found", status: 404, code: "inventory/Not Found" });
    expect((error as Error).message).toBe(
      `cumulocity GET ${BASE_URL}/inventory/binaries/9: 404 Not Found (inventory/Not Found)`,
    );
    expect(error).toMatchObject({ requestId: "r-9", body: { error: "inventory/Not Found", message: "gone" } });
  });

  it("turns malformed JSON into InvalidResponseError MALFORMED_JSON, and an empty 200 into EMPTY_BODY", async () => {
    const { fetch } = scripted([
      new Response('{"managedObjects": [', { status: 200, headers: { "Content-Type": "application/json" } }),
      new Response("", { status: 200, headers: { "Content-Type": "application/json" } }),
      new Response(null, { status: 200 }),
    ]);
    const client = api({ fetch });
    expect(await caught(() => list(client))).toMatchObject({
      name: "InvalidResponseError",
      code: "MALFORMED_JSON",
      status: 200,
    });
    expect(await caught(() => list(client))).toMatchObject({
      name: "InvalidResponseError",
      code: "EMPTY_BODY",
      kind: "invalid_response",
    });
    expect(await caught(() => list(client))).toMatchObject({ code: "EMPTY_BODY" });
  });

  it("turns a 2xx that the API describes as an error (4D's __ERROR at 200) into ApiError with that kind", async () => {
    const { fetch } = scripted([json({ __ERROR: [{ errCode: 1558 }] })]);
    const client = createApi<CumulocityPaths>(
      {
        name: "fourd",
        describeSuccessError: (data) =>
          "__ERROR" in (data as object) ? { code: "1558", kind: "forbidden" } : undefined,
      },
      { baseUrl: BASE_URL, fetch },
    );
    const error = await caught(() => client.call({}, (init) => client.raw.GET("/inventory/binaries", { ...init })));
    expect(error).toMatchObject({ name: "ApiError", status: 200, kind: "forbidden", code: "1558" });
  });

  it("reads at most 64 KiB of an endless error body and cancels the rest", async () => {
    const body = endlessBody(16 * 1024);
    const { fetch } = scripted([new Response(body.stream, { status: 500 })]);
    const error = await caught(() => list(api({ fetch, maxRetries: 0 })));
    expect(error).toMatchObject({ name: "ApiError", status: 500, kind: "server" });
    expect((error as { body: string }).body.length).toBe(64 * 1024);
    expect(body.pulledBytes).toBeLessThanOrEqual(64 * 1024 + 2 * 16 * 1024);
    expect(body.cancelled).toBe(true);
  });

  it("hands a stream download's body over unread, and errors it with AbortError when the caller aborts later", async () => {
    const body = endlessBody(1024);
    const { fetch } = scripted([new Response(body.stream, { status: 200 })]);
    const client = api({ fetch });
    const controller = new AbortController();
    const { response } = await client.call({ options: { signal: controller.signal }, expect: "stream" }, (init) =>
      client.raw.GET("/inventory/binaries/{id}", { params: { path: { id: "1" } }, parseAs: "stream", ...init }),
    );
    const reader = (response.body ?? new Blob([]).stream()).getReader();
    await reader.read();
    controller.abort(new Error("stop"));
    expect(await caught(() => reader.read())).toMatchObject({ name: "AbortError", kind: "aborted" });
  });
});

describe("pipeline: failures", () => {
  it("retries a GET twice after connection failures, then throws NetworkError with the cause", async () => {
    vi.useFakeTimers();
    const { fetch, requests } = scripted([failed(), failed(), failed()]);
    const pending = caught(() => list(api({ fetch })));
    await vi.advanceTimersByTimeAsync(2000);
    const error = await pending;
    expect(error).toMatchObject({ name: "NetworkError", kind: "network" });
    expect((error as Error).message).toBe(
      `cumulocity GET ${BASE_URL}/inventory/binaries: network error (ECONNREFUSED)`,
    );
    expect(requests).toHaveLength(3);
  });

  it("sends a POST once after a connection failure", async () => {
    const { fetch, requests } = scripted([failed()]);
    const client = api({ fetch });
    const error = await caught(() =>
      client.call({ body: { body: "x", size: 1, type: "text/plain", replayable: true } }, (init) =>
        client.raw.POST("/inventory/binaries", { ...init }),
      ),
    );
    expect(error).toMatchObject({ name: "NetworkError" });
    expect(requests).toHaveLength(1);
  });

  it("throws TimeoutError when no headers arrive in time (60 s by default), and does not retry it", async () => {
    vi.useFakeTimers();
    let attempts = 0;
    const counted: FetchFunction = (request) => {
      attempts++;
      return hangingFetch(request);
    };
    const pending = caught(() => list(api({ fetch: counted })));
    await vi.advanceTimersByTimeAsync(59_999);
    expect(attempts).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toMatchObject({ name: "TimeoutError", kind: "timeout", timeout: 60_000 });
    expect(attempts).toBe(1);
    const short = caught(() => list(api({ fetch: hangingFetch }), { options: { timeout: 50 } }));
    await vi.advanceTimersByTimeAsync(50);
    expect(await short).toMatchObject({ name: "TimeoutError", timeout: 50 });
  });

  it("keeps reading a download after the timeout once the headers are in", async () => {
    vi.useFakeTimers();
    let push: ((text: string | undefined) => void) | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("first "));
        push = (text) => (text === undefined ? controller.close() : controller.enqueue(new TextEncoder().encode(text)));
      },
    });
    const { fetch } = scripted([new Response(body, { status: 200 })]);
    const client = api({ fetch, timeout: 100 });
    const { response } = await client.call({ expect: "stream" }, (init) =>
      client.raw.GET("/inventory/binaries/{id}", { params: { path: { id: "1" } }, parseAs: "stream", ...init }),
    );
    await vi.advanceTimersByTimeAsync(1000);
    push?.("second");
    push?.(undefined);
    expect(await response.text()).toBe("first second");
  });

  it("counts retries and their waits in the timeout", async () => {
    vi.useFakeTimers();
    const { fetch, requests } = scripted([new Response(null, { status: 503, headers: { "Retry-After": "5" } })]);
    const pending = caught(() => list(api({ fetch }), { options: { timeout: 3000 } }));
    await vi.advanceTimersByTimeAsync(3000);
    expect(await pending).toMatchObject({ name: "TimeoutError", timeout: 3000 });
    expect(requests).toHaveLength(1);
  });

  it("throws AbortError with the signal's reason for the caller's abort, the client's signal, or an abort during a wait", async () => {
    const reason = new Error("user left");
    const controller = new AbortController();
    const pending = caught(() => list(api({ fetch: hangingFetch }), { options: { signal: controller.signal } }));
    controller.abort(reason);
    expect(await pending).toMatchObject({ name: "AbortError", kind: "aborted", cause: reason });

    const clientController = new AbortController();
    const client = api({ fetch: hangingFetch, signal: clientController.signal });
    const clientPending = caught(() => list(client));
    clientController.abort(reason);
    expect(await clientPending).toMatchObject({ name: "AbortError", cause: reason });

    const waiting = new AbortController();
    const { fetch, requests } = scripted([new Response(null, { status: 503, headers: { "Retry-After": "30" } })]);
    const waitPending = caught(() => list(api({ fetch }), { options: { signal: waiting.signal } }));
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    waiting.abort(reason);
    expect(await waitPending).toMatchObject({ name: "AbortError", cause: reason });
  });

  it("refuses an already aborted signal before sending anything", async () => {
    const { fetch, requests } = scripted([]);
    const error = await caught(() => list(api({ fetch }), { options: { signal: AbortSignal.abort(new Error("no")) } }));
    expect(error).toMatchObject({ name: "AbortError" });
    expect(requests).toHaveLength(0);
  });
});

describe("pipeline: auth", () => {
  it("adds credentials only to requests for the configured origin", async () => {
    const { fetch, requests } = scripted([json(PAGE), json(PAGE)]);
    const client = api({ fetch }, ({ redactor }) => basicAuth("t100/admin", "secret", redactor));
    await list(client);
    await client.call({}, (init) =>
      client.raw.GET("/inventory/binaries", { baseUrl: "https://elsewhere.example", ...init }),
    );
    expect(requests[0]?.headers.get("authorization")).toMatch(/^Basic /);
    expect(requests[1]?.url).toBe("https://elsewhere.example/inventory/binaries");
    expect(requests[1]?.headers.has("authorization")).toBe(false);
  });

  it("renews a renewable credential once after a 401 and sends the request again, body included", async () => {
    let tokens = 0;
    const { fetch, requests } = scripted([new Response(null, { status: 401 }), json({ id: "7" }, 201)]);
    const client = api({ fetch }, ({ redactor }) =>
      renewingAuth({
        obtain: async () => ({ value: `token-${++tokens}`, expiresIn: 300 }),
        apply: (headers, token) => headers.set("Authorization", `Bearer ${token}`),
        redactor,
      }),
    );
    const { data } = await replace(client, {
      body: { body: '{"a":1}', size: undefined, type: "application/json", replayable: true },
    });
    expect(data).toEqual({ id: "7" });
    expect(requests.map((request) => request.headers.get("authorization"))).toEqual([
      "Bearer token-1",
      "Bearer token-2",
    ]);
    expect(await requests[1]?.text()).toBe('{"a":1}');
  });

  it("renews once per call: a second 401 is handed back, and a stream body is never sent again", async () => {
    const { fetch, requests } = scripted([
      new Response(null, { status: 401 }),
      new Response(null, { status: 401 }),
      new Response(null, { status: 401 }),
    ]);
    const client = api({ fetch }, ({ redactor }) =>
      renewingAuth({
        obtain: async () => ({ value: "t" }),
        apply: (headers, token) => headers.set("Authorization", token),
        redactor,
      }),
    );
    expect(await caught(() => list(client))).toMatchObject({ name: "ApiError", kind: "unauthorized" });
    expect(requests).toHaveLength(2);
    const stream = new Blob(["x"]).stream();
    expect(
      await caught(() =>
        replace(client, { body: { body: stream, size: undefined, type: "text/plain", replayable: false } }),
      ),
    ).toMatchObject({ status: 401 });
    expect(requests).toHaveLength(3);
  });

  it("concurrent requests share one credential request", async () => {
    let obtained = 0;
    const { fetch } = scripted([json(PAGE), json(PAGE), json(PAGE)]);
    const client = api({ fetch }, ({ redactor }) =>
      renewingAuth({
        obtain: async () => {
          obtained++;
          await new Promise((resolve) => setTimeout(resolve, 10));
          return { value: "t", expiresIn: 300 };
        },
        apply: (headers, token) => headers.set("Authorization", token),
        redactor,
      }),
    );
    await Promise.all([list(client), list(client), list(client)]);
    expect(obtained).toBe(1);
  });
});

describe("pipeline: logging", () => {
  it("logs one entry per attempt with redacted URL, status, request id, attempt number and the retry delay chosen", async () => {
    vi.useFakeTimers();
    const entries: RequestLogEntry[] = [];
    const { fetch } = scripted([
      new Response(null, { status: 503, headers: { "Retry-After": "2" } }),
      json(PAGE, 200, { "X-Request-Id": "r-1" }),
    ]);
    const client = api({ fetch, logger: (entry) => entries.push(entry) });
    const pending = client.call({}, (init) =>
      client.raw.GET("/inventory/binaries", { params: { query: { text: "token=abc" } }, ...init }),
    );
    await vi.advanceTimersByTimeAsync(2000);
    await pending;
    expect(
      entries.map(({ level, status, attempt, retryInMs, requestId }) => ({
        level,
        status,
        attempt,
        retryInMs,
        requestId,
      })),
    ).toEqual([
      { level: "warn", status: 503, attempt: 1, retryInMs: 2000, requestId: undefined },
      { level: "info", status: 200, attempt: 2, retryInMs: undefined, requestId: "r-1" },
    ]);
    expect(entries[0]?.message).toBe(
      `cumulocity GET ${BASE_URL}/inventory/binaries?text=token%3Dabc → 503 in 0 ms (attempt 1), retrying in 2000 ms`,
    );
  });

  it("calls a console-like object by level, adds redacted headers at debug, writes nothing below logLevel and survives a logger that throws", async () => {
    const calls: [string, string][] = [];
    const logger = {
      debug: (message: string, entry: RequestLogEntry) =>
        calls.push(["debug", `${message} ${JSON.stringify(entry.requestHeaders ?? {})}`]),
      info: (message: string) => calls.push(["info", message]),
      warn: () => {
        throw new Error("logger broke");
      },
    };
    const { fetch } = scripted([json(PAGE), new Response(null, { status: 404 })]);
    const client = api({ fetch, logger, logLevel: "debug" }, ({ redactor }) => basicAuth("t100/admin", "pw", redactor));
    await list(client);
    expect(calls.map(([level]) => level)).toEqual(["info", "debug"]);
    expect(calls[1]?.[1]).toContain('"authorization":"[REDACTED]"');
    expect(await caught(() => list(client))).toMatchObject({ status: 404 });

    const quiet: string[] = [];
    const { fetch: quietFetch } = scripted([json(PAGE)]);
    await list(api({ fetch: quietFetch, logger: { info: (message) => quiet.push(message) }, logLevel: "warn" }));
    expect(quiet).toEqual([]);
  });
});

describe("pipeline over real HTTP (Node's fetch)", () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.closeAllConnections();
    server?.close();
    server = undefined;
  });

  async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(handler);
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it("maps a refused connection to NetworkError", async () => {
    const client = createApi<CumulocityPaths>({ name: "cumulocity" }, { baseUrl: "http://127.0.0.1:9", maxRetries: 0 });
    const error = await caught(() => client.call({}, (init) => client.raw.GET("/inventory/binaries", { ...init })));
    expect(error).toMatchObject({ name: "NetworkError", kind: "network" });
  });

  it("maps a body cut off mid-way to NetworkError", async () => {
    const origin = await listen((_request, response) => {
      response.writeHead(200, { "Content-Type": "application/json", "Content-Length": "1000" });
      response.write('{"managedObjects": [');
      setTimeout(() => response.destroy(), 20);
    });
    const client = createApi<CumulocityPaths>({ name: "cumulocity" }, { baseUrl: origin });
    const error = await caught(() => client.call({}, (init) => client.raw.GET("/inventory/binaries", { ...init })));
    expect(error).toMatchObject({ name: "NetworkError", kind: "network" });
  });
});
