import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { ApiError, kindOfStatus } from "../../src/core/api-error.ts";
import {
  AbortError,
  BytewireError,
  InvalidInputError,
  InvalidResponseError,
  isAbortError,
  isApiError,
  isBytewireError,
  isInvalidInputError,
  isInvalidResponseError,
  isNetworkError,
  isTimeoutError,
  NetworkError,
  TimeoutError,
} from "../../src/core/errors.ts";
import { createRedactor } from "../../src/core/redact.ts";

function apiError() {
  return new ApiError({ api: "pingone", status: 404, method: "GET", url: "https://api.example/x", body: undefined });
}

describe("error classes", () => {
  it.each([
    ["BytewireError", () => new BytewireError("m", { kind: "server" })],
    ["ApiError", apiError],
    [
      "NetworkError",
      () => new NetworkError({ method: "GET", url: "https://h/x", cause: new TypeError("fetch failed") }),
    ],
    ["TimeoutError", () => new TimeoutError({ method: "GET", url: "https://h/x", timeout: 5 })],
    ["AbortError", () => new AbortError({ method: "GET", url: "https://h/x", cause: "stop" })],
    ["InvalidInputError", () => new InvalidInputError("UNSUPPORTED_INPUT", "m")],
    ["InvalidResponseError", () => new InvalidResponseError("MALFORMED_JSON", "m")],
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
      input: new InvalidInputError("X", "m"),
      response: new InvalidResponseError("X", "m"),
    };
    const guards = {
      api: isApiError,
      network: isNetworkError,
      timeout: isTimeoutError,
      abort: isAbortError,
      input: isInvalidInputError,
      response: isInvalidResponseError,
    };
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
      kind: "network",
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
      description: { code: "inventory/notFound", message: "Finding with id 42 failed" },
      body: { error: "inventory/notFound" },
    });
    expect(error.message).toBe(
      "cumulocity GET https://t100.example.com/inventory/binaries/42: 404 Not Found (inventory/notFound: Finding with id 42 failed)",
    );
  });

  it.each([
    [{ description: { code: 1561 } }, "fourd GET https://h/rest: 500 Internal Server Error (1561)"],
    [{ description: { message: "boom" } }, "fourd GET https://h/rest: 500 Internal Server Error (boom)"],
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
      description: { message: "x".repeat(2000) },
    });
    expect(error.message.length).toBeLessThan(600);
    expect(error.message.endsWith("…)")).toBe(true);
  });

  it("takes its kind from the status, or from the API's code where that says more", () => {
    const kinds = [400, 401, 402, 403, 404, 405, 409, 410, 412, 413, 415, 416, 422, 428, 429, 500, 502, 503, 504].map(
      (status) => [status, new ApiError({ api: "hdap", status, body: undefined }).kind],
    );
    expect(Object.fromEntries(kinds)).toEqual({
      400: "invalid_request",
      401: "unauthorized",
      402: "unavailable",
      403: "forbidden",
      404: "not_found",
      405: "invalid_request",
      409: "conflict",
      410: "not_found",
      412: "precondition_failed",
      413: "too_large",
      415: "invalid_request",
      416: "invalid_request",
      422: "invalid_request",
      428: "precondition_failed",
      429: "rate_limited",
      500: "server",
      502: "server",
      503: "unavailable",
      504: "server",
    });
    const permission = new ApiError({
      api: "fourd",
      status: 200,
      body: {},
      description: { code: "1558", kind: "forbidden" },
    });
    expect(permission.kind).toBe("forbidden");
    expect(permission.message).toBe("fourd: 200 OK (1558)");
    expect(kindOfStatus(599)).toBe("server");
  });

  it("takes the request id from the API's body before the headers", () => {
    const error = new ApiError({
      api: "pingone",
      status: 404,
      body: undefined,
      requestId: "from-header",
      description: { requestId: "p1-error-id" },
    });
    expect(error.requestId).toBe("p1-error-id");
    expect(new ApiError({ api: "pingone", status: 404, body: undefined, requestId: "from-header" }).requestId).toBe(
      "from-header",
    );
  });

  it("toJSON has no body and redacted headers", () => {
    const error = new ApiError({
      api: "fourd",
      status: 401,
      headers: { "Set-Cookie": "WASID4D=abcdef123456", "X-Request-Id": "r-1" },
      requestId: "r-1",
      body: { secret: "body data" },
      method: "POST",
      url: "https://h/rest/$directory/login",
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "ApiError",
      kind: "unauthorized",
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
    const body = { code: "bad hunter2", message: "password hunter2 is wrong", detail: { echo: "hunter2" } };
    const error = new ApiError({
      api: "hdap",
      status: 400,
      method: "POST",
      url: "https://ds/hdap/x?_action=authenticate",
      redactor,
      body,
      description: { code: body.code, message: body.message },
    });
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

describe("InvalidInputError and InvalidResponseError", () => {
  it("carry a code, a kind and no contents", () => {
    expect(new InvalidInputError("UNSUPPORTED_INPUT", "Cannot upload a number.").kind).toBe("invalid_input");
    expect(new InvalidInputError("TOO_LARGE", "Too large.", { kind: "too_large" }).kind).toBe("too_large");
    const response = new InvalidResponseError("MALFORMED_JSON", "with a body that is not valid JSON", {
      api: "cumulocity",
      method: "GET",
      url: "https://t/inventory/binaries?password=x",
      status: 200,
    });
    expect(response.message).toBe(
      "cumulocity GET https://t/inventory/binaries?password=[REDACTED]: 200 with a body that is not valid JSON",
    );
    expect(JSON.parse(JSON.stringify(response))).toMatchObject({ kind: "invalid_response", code: "MALFORMED_JSON" });
  });
});
