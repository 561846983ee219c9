import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import {
  AbortError,
  ApiError,
  BytewireError,
  isAbortError,
  isApiError,
  isBytewireError,
  isNetworkError,
  isTimeoutError,
  NetworkError,
  parseErrorBody,
  TimeoutError,
} from "../../src/core/errors.ts";
import { createRedactor } from "../../src/core/redact.ts";
import { endlessBody } from "./endless-body.ts";

const describeCumulocity = (body: unknown) => {
  if (typeof body !== "object" || body === null) {
    return {};
  }
  const error: unknown = Reflect.get(body, "error");
  const message: unknown = Reflect.get(body, "message");
  return {
    code: typeof error === "string" ? error : undefined,
    message: typeof message === "string" ? message : undefined,
  };
};

function apiError() {
  return new ApiError({ api: "pingone", status: 404, method: "GET", url: "https://api.example/x", body: undefined });
}

describe("error classes", () => {
  it.each([
    ["BytewireError", () => new BytewireError("m")],
    ["ApiError", apiError],
    [
      "NetworkError",
      () => new NetworkError({ method: "GET", url: "https://h/x", cause: new TypeError("fetch failed") }),
    ],
    ["TimeoutError", () => new TimeoutError({ method: "GET", url: "https://h/x", timeout: 5 })],
    ["AbortError", () => new AbortError({ method: "GET", url: "https://h/x", cause: "stop" })],
  ])("%s has its name, is an Error and a BytewireError", (name, create) => {
    const error = create();
    expect(error.name).toBe(name);
    expect(error).toBeInstanceOf(Error);
    expect(isBytewireError(error)).toBe(true);
    expect(String(error).startsWith(`${name}: `)).toBe(true);
    expect(error.stack?.startsWith(`${name}: `)).toBe(true);
  });

  it("each guard accepts only its own class", () => {
    const errors = {
      api: apiError(),
      network: new NetworkError({ cause: new Error("x") }),
      timeout: new TimeoutError({ timeout: 1 }),
      abort: new AbortError({ cause: undefined }),
    };
    const guards = { api: isApiError, network: isNetworkError, timeout: isTimeoutError, abort: isAbortError };
    for (const [guardName, guard] of Object.entries(guards)) {
      for (const [errorName, error] of Object.entries(errors)) {
        expect(guard(error), `${guardName}(${errorName})`).toBe(guardName === errorName);
      }
    }
  });

  it("guards recognise an error from another realm by brand and name", () => {
    const foreign: unknown = runInNewContext(
      'const e = new Error("x"); e.name = "ApiError"; Object.defineProperty(Object.getPrototypeOf(e), Symbol.for("bytewire.error"), { value: true }); e',
    );
    expect(foreign instanceof Error).toBe(false);
    expect(isBytewireError(foreign)).toBe(true);
    expect(isApiError(foreign)).toBe(true);
    expect(isNetworkError(foreign)).toBe(false);
  });

  it("guards reject DOMExceptions that share the names AbortError and TimeoutError", () => {
    expect(isAbortError(new DOMException("aborted", "AbortError"))).toBe(false);
    expect(isTimeoutError(new DOMException("signal timed out", "TimeoutError"))).toBe(false);
    expect(isBytewireError({ name: "ApiError" })).toBe(false);
    expect(isBytewireError(null)).toBe(false);
  });

  it("NetworkError keeps its cause and names the innermost code", () => {
    const inner = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
    const cause = new TypeError("fetch failed", { cause: inner });
    const error = new NetworkError({ api: "fourd", method: "GET", url: "http://127.0.0.1:9/rest/$catalog", cause });
    expect(error.cause).toBe(cause);
    expect(error.message).toBe("fourd GET http://127.0.0.1:9/rest/$catalog: network error (ECONNREFUSED)");
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "NetworkError",
      message: error.message,
      api: "fourd",
      method: "GET",
      url: "http://127.0.0.1:9/rest/$catalog",
      cause: { name: "TypeError", message: "fetch failed" },
    });
  });

  it("TimeoutError and AbortError follow the same message template", () => {
    expect(
      new TimeoutError({ api: "hdap", method: "PUT", url: "https://ds/hdap/dc=com", timeout: 60000 }).message,
    ).toBe("hdap PUT https://ds/hdap/dc=com: no response within 60000 ms");
    const reason = new DOMException("user left", "AbortError");
    const abort = new AbortError({ api: "pingone", method: "DELETE", url: "https://api/x", cause: reason });
    expect(abort.message).toBe("pingone DELETE https://api/x: aborted");
    expect(abort.cause).toBe(reason);
  });
});

describe("ApiError", () => {
  it("formats the message as api METHOD url: status phrase (code: message)", () => {
    const error = new ApiError({
      api: "cumulocity",
      status: 404,
      method: "GET",
      url: "https://t100.example.com/inventory/binaries/42",
      code: "inventory/notFound",
      apiMessage: "Finding with id 42 failed",
      body: { error: "inventory/notFound" },
    });
    expect(error.message).toBe(
      "cumulocity GET https://t100.example.com/inventory/binaries/42: 404 Not Found (inventory/notFound: Finding with id 42 failed)",
    );
  });

  it.each([
    [{ code: 1561 }, "fourd GET https://h/rest: 500 Internal Server Error (1561)"],
    [{ apiMessage: "boom" }, "fourd GET https://h/rest: 500 Internal Server Error (boom)"],
    [{}, "fourd GET https://h/rest: 500 Internal Server Error"],
    [{ statusText: "Kaputt" }, "fourd GET https://h/rest: 500 Kaputt"],
  ])("message variant %j", (extra, expected) => {
    expect(
      new ApiError({ api: "fourd", status: 500, method: "GET", url: "https://h/rest", body: null, ...extra }).message,
    ).toBe(expected);
  });

  it("shortens a long API message", () => {
    const error = new ApiError({
      api: "hdap",
      status: 500,
      url: "https://h",
      body: null,
      apiMessage: "x".repeat(2000),
    });
    expect(error.message.length).toBeLessThan(600);
    expect(error.message.endsWith("…)")).toBe(true);
  });

  it("fromResponse reads JSON, describes it, finds the request id and Retry-After", async () => {
    const response = new Response(JSON.stringify({ error: "security/Unauthorized", message: "Invalid credentials!" }), {
      status: 429,
      headers: {
        "Content-Type": "application/vnd.com.nsn.cumulocity.error+json",
        "X-Correlation-Id": "corr-7",
        "Retry-After": "2",
      },
    });
    const error = await ApiError.fromResponse(response, {
      api: "cumulocity",
      method: "GET",
      url: "https://t100/inventory/binaries",
      describe: describeCumulocity,
      requestIdHeaders: ["x-request-id", "x-correlation-id"],
    });
    expect(error.status).toBe(429);
    expect(error.code).toBe("security/Unauthorized");
    expect(error.body).toEqual({ error: "security/Unauthorized", message: "Invalid credentials!" });
    expect(error.requestId).toBe("corr-7");
    expect(error.retryAfter).toBe(2);
    expect(error.headers.get("x-correlation-id")).toBe("corr-7");
    expect(error.message).toBe(
      "cumulocity GET https://t100/inventory/binaries: 429 Too Many Requests (security/Unauthorized: Invalid credentials!)",
    );
  });

  it("fromResponse keeps a non-JSON body as text and an empty one as undefined", async () => {
    const html = await ApiError.fromResponse(
      new Response("<html>502</html>", { status: 502, headers: { "Content-Type": "text/html" } }),
      { api: "cumulocity", method: "GET", url: "https://t" },
    );
    expect(html.body).toBe("<html>502</html>");
    expect(html.code).toBeUndefined();
    const empty = await ApiError.fromResponse(new Response(null, { status: 403 }), { api: "pingone", method: "GET" });
    expect(empty.body).toBeUndefined();
  });

  it("fromResponse reads at most 64 KiB of a huge error body and cancels the rest", async () => {
    const body = endlessBody(16 * 1024);
    const error = await ApiError.fromResponse(new Response(body.stream, { status: 500 }), {
      api: "fourd",
      method: "GET",
    });
    expect(typeof error.body).toBe("string");
    expect((error.body as string).length).toBe(64 * 1024);
    expect(body.pulledBytes).toBeLessThanOrEqual(64 * 1024 + 2 * 16 * 1024);
    expect(body.cancelled).toBe(true);
  });

  it("fromBody uses the default describer (code and message fields) without a describe function", () => {
    const error = ApiError.fromBody(
      new Response(null, { status: 404 }),
      { id: "e1", code: "NOT_FOUND", message: "The requested resource was not found." },
      { api: "pingone", method: "GET", url: "https://api.pingone.com/v1/environments/e/images/i" },
    );
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toBe(
      "pingone GET https://api.pingone.com/v1/environments/e/images/i: 404 Not Found (NOT_FOUND: The requested resource was not found.)",
    );
  });

  it("toJSON has no body and redacted headers", () => {
    const error = ApiError.fromBody(
      new Response(null, { status: 401, headers: { "Set-Cookie": "WASID4D=abcdef123456", "X-Request-Id": "r-1" } }),
      { secret: "body data" },
      { api: "fourd", method: "POST", url: "https://h/rest/$directory/login" },
    );
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "ApiError",
      message: "fourd POST https://h/rest/$directory/login: 401 Unauthorized",
      api: "fourd",
      status: 401,
      requestId: "r-1",
      method: "POST",
      url: "https://h/rest/$directory/login",
      headers: { "set-cookie": "[REDACTED]", "x-request-id": "r-1" },
    });
  });

  it("scrubs registered secrets from the message, code and body", () => {
    const redactor = createRedactor();
    redactor.add("hunter2");
    const error = ApiError.fromBody(
      new Response(null, { status: 400 }),
      { code: "bad hunter2", message: "password hunter2 is wrong", detail: { echo: "hunter2" } },
      { api: "hdap", method: "POST", url: "https://ds/hdap/x?_action=authenticate", redactor },
    );
    expect(error.message).toBe(
      "hdap POST https://ds/hdap/x?_action=authenticate: 400 Bad Request (bad [REDACTED]: password [REDACTED] is wrong)",
    );
    expect(error.body).toEqual({
      code: "bad [REDACTED]",
      message: "password [REDACTED] is wrong",
      detail: { echo: "[REDACTED]" },
    });
  });
});

describe("parseErrorBody", () => {
  it.each([
    ['{"a":1}', "application/json", { a: 1 }],
    ['{"a":1}', "text/plain", { a: 1 }],
    ["[1]", null, [1]],
    ['{"a":', "application/json", '{"a":'],
    ["plain", "application/json", "plain"],
    ["  ", "text/plain", undefined],
  ])("%s (%s)", (text, type, expected) => {
    expect(parseErrorBody(text, type)).toEqual(expected);
  });
});
