import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { basicAuth } from "../../src/core/auth.ts";
import { createApi } from "../../src/core/client.ts";
import { isBytewireError } from "../../src/core/errors.ts";
import type { FetchFunction } from "../../src/core/transport/fetch.ts";

// Every credential a request can carry, each distinct so a leak names itself.
const PASSWORD = "pw-Correct-Horse-9";
const TOKEN = "tok.eyJhbGciOiJIUzI1NiJ9.s3cr3t";
const BASIC_PASSWORD = "basic-Pass-42";
const BASIC = Buffer.from(`t100/admin:${BASIC_PASSWORD}`, "utf8").toString("base64");
const FOURD_PASSWORD = "4d-Secret-Pw";
const SECRETS = [PASSWORD, TOKEN, BASIC_PASSWORD, BASIC, FOURD_PASSWORD, encodeURIComponent(PASSWORD)];

interface Paths {
  "/rest/{dataClass}": {
    get: {
      parameters: { path: { dataClass: string }; query?: { password?: string; access_token?: string } };
      responses: {
        200: { headers: Record<string, unknown>; content: { "application/json": { ok: boolean } } };
        401: { headers: Record<string, unknown>; content: { "application/json": { message: string } } };
      };
    };
  };
}

function client(fetch: FetchFunction, options: { timeout?: number } = {}) {
  return createApi<Paths>(
    { name: "fourd", auth: ({ redactor }) => basicAuth("t100/admin", BASIC_PASSWORD, redactor) },
    { baseUrl: "https://h.example", fetch, maxRetries: 0, ...options },
  );
}

const CALL_HEADERS = {
  "password-4D": FOURD_PASSWORD,
  "Proxy-Authorization": `Bearer ${TOKEN}`,
  "X-Trace": "visible-trace",
};
const params = { path: { dataClass: "Employee" }, query: { password: PASSWORD, access_token: TOKEN } };

/** A client call (the pipeline's `call`), with credentials in the query and the caller's headers. */
function call(core: ReturnType<typeof client>, signal?: AbortSignal) {
  return core.call({ options: { headers: CALL_HEADERS, ...(signal ? { signal } : {}) } }, (init) =>
    core.raw.GET("/rest/{dataClass}", { params, ...init }),
  );
}

/** The same request through the typed raw client (the pipeline's `fetch`). */
function rawCall(core: ReturnType<typeof client>, signal?: AbortSignal) {
  return core.raw.GET("/rest/{dataClass}", { params, headers: CALL_HEADERS, ...(signal ? { signal } : {}) });
}

/** Everything a developer or a log pipeline might print of an error. */
function renderings(error: unknown): Record<string, string> {
  const e = error as Error;
  return {
    message: e.message,
    stack: e.stack ?? "",
    json: JSON.stringify(e),
    string: String(e),
    inspect: inspect(e, { depth: 10 }),
    inspectHidden: inspect(e, { depth: 10, showHidden: true }),
  };
}

function expectNoSecrets(error: unknown): void {
  expect(isBytewireError(error)).toBe(true);
  for (const [form, text] of Object.entries(renderings(error))) {
    for (const secret of SECRETS) {
      expect(text.includes(secret), `${form} contains ${secret}:\n${text}`).toBe(false);
    }
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe("base URL", () => {
  it("refuses user:password@ in baseUrl without printing the password", () => {
    expect(() => createApi({ name: "fourd" }, { baseUrl: `https://admin:${PASSWORD}@h.example` })).toThrow(
      "[bytewire] baseUrl must not contain user:password@ (got https://h.example/)",
    );
  });

  it("refuses a relative baseUrl in Node, where new Request() would quote the full URL in its error", () => {
    expect(() => createApi({ name: "fourd" }, { baseUrl: "/rest" })).toThrow(
      "[bytewire] baseUrl must be an absolute URL",
    );
  });
});

describe("no error kind ever prints a credential", () => {
  it("ApiError, even when the server echoes every credential in its body and headers", async () => {
    const echo: FetchFunction = async (request) => {
      const everything = [...request.headers].map(([name, value]) => `${name}=${value}`).join("; ");
      return Response.json(
        { message: `denied for ${request.url} with ${everything}`, code: `bad-${FOURD_PASSWORD}`, echo: everything },
        {
          status: 401,
          headers: {
            "Set-Cookie": `WASID4D=${TOKEN}`,
            "X-Echo-Authorization": request.headers.get("authorization") ?? "",
            "X-Debug": `password was ${PASSWORD}`,
          },
        },
      );
    };
    const core = client(echo);
    const error = await call(core).catch((caught: unknown) => caught);
    expectNoSecrets(error);
    expect(renderings(error)["message"]).toContain("fourd GET https://h.example/rest/Employee?password=[REDACTED]");
    expect(renderings(error)["inspect"]).toContain("visible-trace");
    expect(JSON.stringify((error as { body: unknown }).body)).not.toMatch(
      new RegExp(SECRETS.join("|").replaceAll(".", "\\.")),
    );
  });

  it("NetworkError, even when the fetch implementation puts URL and headers in its message", async () => {
    const leaky: FetchFunction = async (request) => {
      throw new TypeError(`request to ${request.url} failed`, {
        cause: Object.assign(
          new Error(`auth ${request.headers.get("authorization")} / ${request.headers.get("password-4D")} refused`),
          { code: "ECONNRESET" },
        ),
      });
    };
    const error = await call(client(leaky)).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "NetworkError" });
    expectNoSecrets(error);
    const rawError = await rawCall(client(leaky)).catch((e: unknown) => e);
    expect(rawError).toMatchObject({ name: "NetworkError" });
    expectNoSecrets(rawError);
  });

  it("TimeoutError", async () => {
    vi.useFakeTimers();
    const hanging: FetchFunction = (request) =>
      new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
    const pending = call(client(hanging, { timeout: 50 })).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(50);
    const error = await pending;
    expect(error).toMatchObject({ name: "TimeoutError" });
    expectNoSecrets(error);
  });

  it("AbortError", async () => {
    const controller = new AbortController();
    const hanging: FetchFunction = (request) =>
      new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
    const pending = call(client(hanging), controller.signal).catch((e: unknown) => e);
    controller.abort();
    const error = await pending;
    expect(error).toMatchObject({ name: "AbortError" });
    expectNoSecrets(error);
  });
});
