import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AbortError, NetworkError, TimeoutError } from "../../src/core/errors.ts";
import type { RequestLogEntry } from "../../src/core/logger.ts";
import { createRedactor } from "../../src/core/redact.ts";
import { createTransport, type FetchFunction, requestOf } from "../../src/core/transport.ts";
import { endlessBody } from "./endless-body.ts";

const noWait = { sleep: async () => undefined, random: () => 0 };

/** A fetch that answers only when its signal aborts, like a server that never sends headers. */
const hangingFetch: FetchFunction = (request) =>
  new Promise((_, reject) => {
    request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
  });

function recordingFetch(answers: (Response | Error)[]) {
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
    return next;
  };
  return { fetch, requests };
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("createTransport: fetch binding", () => {
  it("looks up globalThis.fetch on every request, not at creation", async () => {
    const transport = createTransport({ api: "pingone" });
    const stub = vi.fn(async () => new Response("late"));
    vi.stubGlobal("fetch", stub);
    const response = await transport(new Request("https://api.example/x"));
    expect(await response.text()).toBe("late");
    expect(stub).toHaveBeenCalledTimes(1);
  });

  it("passes the second argument (undici's requestInitExt) through", async () => {
    const seen: unknown[] = [];
    const transport = createTransport({
      api: "pingone",
      fetch: async (_request, init) => {
        seen.push(init);
        return new Response(null, { status: 204 });
      },
    });
    const init = { dispatcher: "d" } as RequestInit;
    await transport(new Request("https://api.example/x"), init);
    expect(seen).toEqual([init]);
  });

  it("records which request a response answered", async () => {
    const { fetch } = recordingFetch([new Response("x"), new Response("e", { status: 404 })]);
    const transport = createTransport({ api: "hdap", fetch });
    const ok = await transport(new Request("https://ds/hdap/dc=com", { method: "GET" }));
    const notFound = await transport(new Request("https://ds/hdap/dc=org", { method: "DELETE" }));
    expect(requestOf(ok)).toEqual({ method: "GET", url: "https://ds/hdap/dc=com" });
    expect(requestOf(notFound)).toEqual({ method: "DELETE", url: "https://ds/hdap/dc=org" });
  });
});

describe("createTransport: failures", () => {
  it("maps a connection failure to NetworkError with the cause, after retrying a GET twice", async () => {
    const cause = new TypeError("fetch failed", {
      cause: Object.assign(new Error("refused"), { code: "ECONNREFUSED" }),
    });
    const { fetch, requests } = recordingFetch([cause, cause, cause]);
    const transport = createTransport({ api: "cumulocity", fetch, retryTiming: noWait });
    const error = await transport(new Request("https://t100/inventory/binaries")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).cause).toBe(cause);
    expect((error as NetworkError).message).toBe(
      "cumulocity GET https://t100/inventory/binaries: network error (ECONNREFUSED)",
    );
    expect(requests).toHaveLength(3);
  });

  it("sends a POST once after a connection failure", async () => {
    const { fetch, requests } = recordingFetch([new TypeError("fetch failed")]);
    const transport = createTransport({ api: "fourd", fetch, retryTiming: noWait });
    await expect(
      transport(new Request("https://h/rest/$upload", { method: "POST", body: "x" })),
    ).rejects.toBeInstanceOf(NetworkError);
    expect(requests).toHaveLength(1);
  });

  it("throws TimeoutError when no headers arrive in time, and does not retry it", async () => {
    vi.useFakeTimers();
    let calls = 0;
    const transport = createTransport({
      api: "hdap",
      timeout: 1000,
      fetch: (request) => {
        calls++;
        return hangingFetch(request);
      },
    });
    const result = transport(new Request("https://ds/hdap/dc=com")).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const error = await result;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeout).toBe(1000);
    expect((error as TimeoutError).message).toBe("hdap GET https://ds/hdap/dc=com: no response within 1000 ms");
    expect(calls).toBe(1);
  });

  it("defaults to a 60 s timeout", async () => {
    vi.useFakeTimers();
    const transport = createTransport({ api: "hdap", fetch: hangingFetch, maxRetries: 0 });
    const result = transport(new Request("https://ds/x")).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(59_999);
    await vi.advanceTimersByTimeAsync(1);
    expect(await result).toMatchObject({ name: "TimeoutError", timeout: 60_000 });
  });

  it("does not limit reading the body once the headers are in", async () => {
    vi.useFakeTimers();
    let push: ReadableStreamDefaultController<Uint8Array> | undefined;
    const transport = createTransport({
      api: "cumulocity",
      timeout: 1000,
      fetch: async (request) => {
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            push = controller;
            request.signal.addEventListener("abort", () => controller.error(request.signal.reason));
          },
        });
        return new Response(body);
      },
    });
    const response = await transport(new Request("https://t100/inventory/binaries/1"));
    const text = response.text();
    await vi.advanceTimersByTimeAsync(5000);
    push?.enqueue(new TextEncoder().encode("late "));
    await vi.advanceTimersByTimeAsync(5000);
    push?.enqueue(new TextEncoder().encode("bytes"));
    push?.close();
    expect(await text).toBe("late bytes");
  });

  it("throws AbortError with the signal's reason when the caller aborts, and logs it as info", async () => {
    const controller = new AbortController();
    const levels: string[] = [];
    const transport = createTransport({ api: "pingone", fetch: hangingFetch, logger: (e) => levels.push(e.level) });
    const result = transport(new Request("https://api/x", { signal: controller.signal })).catch((e: unknown) => e);
    const reason = new Error("user left");
    controller.abort(reason);
    const error = await result;
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toBe(reason);
    expect(levels).toEqual(["info"]);
  });

  it("aborts with the client-wide signal too", async () => {
    const controller = new AbortController();
    const transport = createTransport({ api: "pingone", fetch: hangingFetch, signal: controller.signal });
    const result = transport(new Request("https://api/x")).catch((e: unknown) => e);
    controller.abort("shutdown");
    expect(await result).toMatchObject({ name: "AbortError", cause: "shutdown" });
  });

  it("turns an abort during a retry wait into AbortError and stops", async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const { fetch, requests } = recordingFetch([new Response(null, { status: 503 }), new Response("ok")]);
    const transport = createTransport({ api: "fourd", fetch });
    const result = transport(new Request("https://h/rest", { signal: controller.signal })).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    controller.abort("enough");
    expect(await result).toMatchObject({ name: "AbortError", cause: "enough" });
    await vi.runAllTimersAsync();
    expect(requests).toHaveLength(1);
  });

  it("rethrows a bytewire error thrown by the fetch unchanged", async () => {
    const own = new TimeoutError({ timeout: 5 });
    const transport = createTransport({ api: "fourd", fetch: async () => Promise.reject(own), maxRetries: 0 });
    await expect(transport(new Request("https://h/x"))).rejects.toBe(own);
  });
});

describe("createTransport: retries", () => {
  it("retries a bodyless GET on 503 with a fresh Request each time, keeping headers", async () => {
    const { fetch, requests } = recordingFetch([new Response(null, { status: 503 }), new Response("ok")]);
    const transport = createTransport({ api: "cumulocity", fetch, retryTiming: noWait });
    const response = await transport(new Request("https://t100/inventory/binaries", { headers: { Accept: "x/y" } }));
    expect(await response.text()).toBe("ok");
    expect(requests).toHaveLength(2);
    expect(requests[0]).not.toBe(requests[1]);
    expect(requests.map((r) => r.headers.get("accept"))).toEqual(["x/y", "x/y"]);
  });

  it("sends a request with a body once, even an idempotent PUT, and returns the 503", async () => {
    const { fetch, requests } = recordingFetch([new Response(null, { status: 503 }), new Response("ok")]);
    const transport = createTransport({ api: "cumulocity", fetch, retryTiming: noWait });
    const response = await transport(
      new Request("https://t100/inventory/binaries/1", { method: "PUT", body: "bytes" }),
    );
    expect(response.status).toBe(503);
    expect(requests).toHaveLength(1);
  });

  it("respects maxRetries", async () => {
    const { fetch, requests } = recordingFetch([503, 503, 503, 503, 503].map((s) => new Response(null, { status: s })));
    const transport = createTransport({ api: "cumulocity", fetch, maxRetries: 4, retryTiming: noWait });
    expect((await transport(new Request("https://t100/x"))).status).toBe(503);
    expect(requests).toHaveLength(5);
  });
});

describe("createTransport: bodies", () => {
  it("returns a success response untouched", async () => {
    const original = new Response("payload");
    const transport = createTransport({ api: "fourd", fetch: async () => original });
    expect(await transport(new Request("https://h/x"))).toBe(original);
  });

  it("lets nobody read more than 64 KiB of an error body", async () => {
    const body = endlessBody(8192, 0x7a);
    const transport = createTransport({
      api: "cumulocity",
      fetch: async () =>
        new Response(body.stream, { status: 500, statusText: "Oops", headers: { "X-Request-Id": "r9" } }),
      maxRetries: 0,
    });
    const response = await transport(new Request("https://t100/inventory/binaries/1"));
    expect(response.status).toBe(500);
    expect(response.statusText).toBe("Oops");
    expect(response.headers.get("x-request-id")).toBe("r9");
    expect((await response.text()).length).toBe(64 * 1024);
    expect(body.pulledBytes).toBeLessThanOrEqual(64 * 1024 + 2 * 8192);
    expect(body.cancelled).toBe(true);
  });
});

describe("createTransport: logging", () => {
  it("logs one entry per attempt with redacted URL, status, request id and attempt number", async () => {
    const entries: RequestLogEntry[] = [];
    const { fetch } = recordingFetch([
      new Response(null, { status: 503 }),
      new Response("ok", { headers: { "X-Request-Id": "req-2" } }),
    ]);
    const transport = createTransport({
      api: "cumulocity",
      fetch,
      logger: (entry) => entries.push(entry),
      retryTiming: noWait,
    });
    await transport(new Request("https://t100/inventory/binaries?token=abc&pageSize=5"));
    expect(entries.map((e) => [e.level, e.status, e.attempt, e.requestId, e.retryInMs])).toEqual([
      ["warn", 503, 1, undefined, 500],
      ["info", 200, 2, "req-2", undefined],
    ]);
    expect(entries[0]?.url).toBe("https://t100/inventory/binaries?token=[REDACTED]&pageSize=5");
    expect(entries[1]?.message).toMatch(
      /^cumulocity GET https:\/\/t100\/inventory\/binaries\?token=\[REDACTED\]&pageSize=5 → 200 in \d+ ms \(attempt 2\)$/,
    );
    expect(entries.every((e) => e.requestHeaders === undefined)).toBe(true);
  });

  it("logs a final failure as error with the error's name", async () => {
    const entries: RequestLogEntry[] = [];
    const transport = createTransport({
      api: "hdap",
      fetch: async () => Promise.reject(new TypeError("fetch failed")),
      maxRetries: 0,
      logger: (entry) => entries.push(entry),
    });
    await transport(new Request("https://ds/x")).catch(() => undefined);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ level: "error", status: undefined, attempt: 1 });
    expect(entries[0]?.error).toMatch(/^NetworkError: hdap GET https:\/\/ds\/x: network error/);
    expect(entries[0]?.message).toMatch(/^hdap GET https:\/\/ds\/x → NetworkError in \d+ ms \(attempt 1\)$/);
  });

  it("calls a console-like object by level, and adds redacted headers at debug", async () => {
    const calls: [string, string, RequestLogEntry][] = [];
    const logger = {
      debug: (message: string, entry: RequestLogEntry) => calls.push(["debug", message, entry]),
      info: (message: string, entry: RequestLogEntry) => calls.push(["info", message, entry]),
    };
    const transport = createTransport({
      api: "pingone",
      fetch: async () =>
        new Response("{}", { headers: { "Set-Cookie": "s=abcdefgh12345678", "Content-Type": "application/json" } }),
      logger,
      logLevel: "debug",
    });
    await transport(
      new Request("https://api/x", { headers: { Authorization: "Bearer tok-1234567", Accept: "application/json" } }),
    );
    expect(calls.map(([level]) => level)).toEqual(["debug", "info"]);
    const [, , debugEntry] = calls[0] ?? [];
    expect(debugEntry?.requestHeaders).toEqual({ authorization: "[REDACTED]", accept: "application/json" });
    expect(debugEntry?.responseHeaders).toEqual({ "set-cookie": "[REDACTED]", "content-type": "application/json" });
    expect(JSON.stringify(calls)).not.toContain("tok-1234567");
  });

  it("writes nothing below logLevel and survives a logger that throws", async () => {
    const seen: string[] = [];
    const transport = createTransport({
      api: "pingone",
      fetch: async () => new Response(null, { status: 404 }),
      logger: (entry) => {
        seen.push(entry.level);
        throw new Error("broken logger");
      },
      logLevel: "warn",
    });
    const okTransport = createTransport({
      api: "pingone",
      fetch: async () => new Response("fine"),
      logger: (entry) => seen.push(entry.level),
      logLevel: "warn",
    });
    expect((await transport(new Request("https://api/x"))).status).toBe(404);
    expect((await okTransport(new Request("https://api/x"))).status).toBe(200);
    expect(seen).toEqual(["warn"]);
  });

  it("registers the credentials a request carries with the redactor", async () => {
    const redactor = createRedactor();
    const transport = createTransport({
      api: "fourd",
      fetch: async () => new Response(null, { status: 204 }),
      redactor,
    });
    await transport(
      new Request("https://h/rest/$directory/login", { method: "POST", headers: { "password-4D": "4d-secret" } }),
    );
    expect(redactor.redact("echo 4d-secret")).toBe("echo [REDACTED]");
  });
});

describe("createTransport over real HTTP (Node fetch)", () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const started = createServer(handler);
    server = started;
    await new Promise<void>((resolve) => started.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(started.address() as AddressInfo).port}`;
  }

  it("sends a streaming body (duplex: half survives the per-attempt Request)", async () => {
    const base = await listen((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => res.end(`got ${Buffer.concat(chunks).toString()}`));
    });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("stream-"));
        controller.enqueue(new TextEncoder().encode("body"));
        controller.close();
      },
    });
    const transport = createTransport({ api: "cumulocity" });
    const request = new Request(`${base}/inventory/binaries/1`, { method: "PUT", body, duplex: "half" } as RequestInit);
    expect(await (await transport(request)).text()).toBe("got stream-body");
  });

  it("keeps downloading after the timeout once headers arrived", async () => {
    const base = await listen((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/octet-stream" });
      res.flushHeaders();
      let sent = 0;
      const timer = setInterval(() => {
        res.write(Buffer.alloc(1024, sent));
        if (++sent === 5) {
          clearInterval(timer);
          res.end();
        }
      }, 40);
    });
    const transport = createTransport({ api: "cumulocity", timeout: 60 });
    const response = await transport(new Request(`${base}/inventory/binaries/1`));
    expect((await response.arrayBuffer()).byteLength).toBe(5 * 1024);
  });

  it("maps a refused connection to NetworkError", async () => {
    const base = await listen((_req, res) => res.end());
    const closed = base;
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    const transport = createTransport({ api: "fourd", maxRetries: 0 });
    const error = await transport(new Request(`${closed}/rest/$catalog`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).message).toMatch(/network error \(ECONNREFUSED\)$/);
  });
});
