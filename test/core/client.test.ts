import type { Middleware } from "openapi-fetch";
import { describe, expect, expectTypeOf, it } from "vitest";
import { basicAuth } from "../../src/core/auth.ts";
import { type ClientOptions, createApiClient, expectData } from "../../src/core/client.ts";
import { ApiError, type ErrorDescriber } from "../../src/core/errors.ts";
import type { FetchFunction } from "../../src/core/transport.ts";
import { endlessBody } from "./endless-body.ts";

interface C8yError {
  error: string;
  message: string;
}
interface Binary {
  id: string;
  name: string;
}

// Shaped like openapi-typescript output.
interface Paths {
  "/inventory/binaries/{id}": {
    get: {
      parameters: { path: { id: string } };
      responses: {
        200: { headers: Record<string, unknown>; content: { "application/octet-stream": Blob } };
        404: { headers: Record<string, unknown>; content: { "application/json": C8yError } };
      };
    };
    put: {
      parameters: { path: { id: string } };
      requestBody: { content: { "application/octet-stream": Blob } };
      responses: {
        201: { headers: Record<string, unknown>; content: { "application/json": Binary } };
        503: { headers: Record<string, unknown>; content: { "application/json": C8yError } };
      };
    };
  };
  "/inventory/binaries/{id}/meta": {
    get: {
      parameters: { path: { id: string } };
      responses: {
        200: { headers: Record<string, unknown>; content: { "application/json": Binary } };
        404: { headers: Record<string, unknown>; content: { "application/json": C8yError } };
      };
    };
  };
}

const describeC8y: ErrorDescriber = (body) => {
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

function setup(fetch: FetchFunction, options: Partial<ClientOptions> = {}) {
  return createApiClient<Paths>(
    "cumulocity",
    { baseUrl: "https://t100.example.com", fetch, maxRetries: 0, ...options },
    { describeError: describeC8y, requestIdHeaders: ["x-request-id"] },
  );
}

describe("expectData", () => {
  it("returns typed data for a 2xx JSON answer", async () => {
    const core = setup(async () => Response.json({ id: "42", name: "a.bin" }));
    const data = core.expectData(
      await core.raw.GET("/inventory/binaries/{id}/meta", { params: { path: { id: "42" } } }),
    );
    expectTypeOf(data).toEqualTypeOf<Binary>();
    expect(data).toEqual({ id: "42", name: "a.bin" });
  });

  it("throws ApiError with method, URL, code, typed body and request id for a non-2xx answer", async () => {
    const core = setup(async () =>
      Response.json(
        { error: "inventory/notFound", message: "Finding with id 42 failed" },
        { status: 404, headers: { "X-Request-Id": "req-42" } },
      ),
    );
    const result = await core.raw.GET("/inventory/binaries/{id}/meta", { params: { path: { id: "42" } } });
    let error: unknown;
    try {
      core.expectData(result);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 404,
      api: "cumulocity",
      code: "inventory/notFound",
      method: "GET",
      url: "https://t100.example.com/inventory/binaries/42/meta",
      requestId: "req-42",
      body: { error: "inventory/notFound", message: "Finding with id 42 failed" },
    });
    expect((error as ApiError).message).toBe(
      "cumulocity GET https://t100.example.com/inventory/binaries/42/meta: 404 Not Found (inventory/notFound: Finding with id 42 failed)",
    );
  });

  it("returns the stream of a 2xx download unread", async () => {
    let pulled = 0;
    const core = setup(
      async () =>
        new Response(
          new ReadableStream<Uint8Array>({
            pull(controller) {
              pulled++;
              controller.enqueue(new Uint8Array(1024));
              if (pulled === 4) {
                controller.close();
              }
            },
          }),
          { headers: { "Content-Type": "application/octet-stream" } },
        ),
    );
    const stream = core.expectData(
      await core.raw.GET("/inventory/binaries/{id}", { params: { path: { id: "42" } }, parseAs: "stream" }),
    );
    expectTypeOf(stream).toEqualTypeOf<ReadableStream<Uint8Array<ArrayBuffer>> | null>();
    expect(pulled).toBeLessThanOrEqual(1);
    let bytes = 0;
    for await (const chunk of stream ?? []) {
      bytes += chunk.byteLength;
    }
    expect(bytes).toBe(4096);
  });

  it("throws for a failed stream download after reading at most 64 KiB of its endless error body", async () => {
    const body = endlessBody();
    const core = setup(
      async () => new Response(body.stream, { status: 500, headers: { "Content-Type": "text/html" } }),
    );
    const result = await core.raw.GET("/inventory/binaries/{id}", {
      params: { path: { id: "42" } },
      parseAs: "stream",
    });
    expect(() => core.expectData(result)).toThrow(ApiError);
    expect(body.pulledBytes).toBeLessThanOrEqual(64 * 1024 + 32 * 1024);
    expect(body.cancelled).toBe(true);
  });

  it("works standalone with an explicit context", async () => {
    const core = setup(async () => Response.json({ error: "e", message: "m" }, { status: 404 }));
    const result = await core.raw.GET("/inventory/binaries/{id}/meta", { params: { path: { id: "1" } } });
    expect(() => expectData(result, { api: "cumulocity", describe: describeC8y })).toThrow(
      "cumulocity GET https://t100.example.com/inventory/binaries/1/meta: 404 Not Found (e: m)",
    );
  });
});

describe("createApiClient", () => {
  it("uses globalThis.fetch late when no fetch is given", async () => {
    const core = createApiClient<Paths>("cumulocity", { baseUrl: "https://t100.example.com" });
    const original = globalThis.fetch;
    globalThis.fetch = async () => Response.json({ id: "1", name: "late" });
    try {
      const data = core.expectData(
        await core.raw.GET("/inventory/binaries/{id}/meta", { params: { path: { id: "1" } } }),
      );
      expect(data.name).toBe("late");
    } finally {
      globalThis.fetch = original;
    }
  });

  it("merges API headers, caller headers (which win) and the User-Agent in Node", async () => {
    const seen: Headers[] = [];
    const core = createApiClient<Paths>(
      "hdap",
      {
        baseUrl: "https://ds.example",
        fetch: async (request) => {
          seen.push(request.headers);
          return Response.json({ id: "1", name: "n" });
        },
        headers: { "Accept-API-Version": "protocol=2.1,resource=1.0", "X-Extra": "1" },
        userAgent: "my-app/1.0",
      },
      { headers: { "Accept-API-Version": "protocol=2.0,resource=1.0", Accept: "application/json" } },
    );
    await core.raw.GET("/inventory/binaries/{id}/meta", { params: { path: { id: "1" } } });
    expect(Object.fromEntries(seen[0] ?? [])).toMatchObject({
      "accept-api-version": "protocol=2.1,resource=1.0",
      accept: "application/json",
      "x-extra": "1",
      "user-agent": "my-app/1.0",
    });
  });

  it("runs the API's middleware first and auth last, with the client's redactor", async () => {
    const order: string[] = [];
    const tracer: Middleware = {
      onRequest({ request }) {
        order.push(`tracer saw auth=${request.headers.has("authorization")}`);
        return request;
      },
    };
    const core = createApiClient<Paths>(
      "cumulocity",
      {
        baseUrl: "https://t100.example.com",
        fetch: async (request) => {
          order.push(`sent ${request.headers.get("authorization")?.slice(0, 5)}`);
          return Response.json(
            { error: "security/Unauthorized", message: "Bad credentials for pw-77" },
            { status: 401 },
          );
        },
      },
      {
        middleware: [tracer],
        auth: (redactor) => basicAuth("t100/admin", "pw-77", { redactor }),
        describeError: describeC8y,
      },
    );
    const result = await core.raw.GET("/inventory/binaries/{id}/meta", { params: { path: { id: "1" } } });
    expect(order).toEqual(["tracer saw auth=false", "sent Basic"]);
    expect(() => core.expectData(result)).toThrow("(security/Unauthorized: Bad credentials for [REDACTED])");
  });

  it("aborts all calls with the client-wide signal", async () => {
    const controller = new AbortController();
    const core = setup(
      (request) =>
        new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason))),
      { signal: controller.signal },
    );
    const call = core.raw.GET("/inventory/binaries/{id}/meta", { params: { path: { id: "1" } } });
    controller.abort("closing");
    await expect(call).rejects.toMatchObject({ name: "AbortError", cause: "closing" });
  });

  it("transportWith swaps the fetch for one call and keeps the client's error handling", async () => {
    const core = setup(async () => Response.json({ id: "default", name: "n" }));
    const special: FetchFunction = async () => Response.json({ id: "special", name: "n" });
    const data = core.expectData(
      await core.raw.GET("/inventory/binaries/{id}/meta", {
        params: { path: { id: "1" } },
        fetch: core.transportWith({ fetch: special }),
      }),
    );
    expect(data.id).toBe("special");
    const failing = core.transportWith({ fetch: async () => Promise.reject(new TypeError("fetch failed")) });
    await expect(
      core.raw.GET("/inventory/binaries/{id}/meta", { params: { path: { id: "1" } }, fetch: failing }),
    ).rejects.toMatchObject({ name: "NetworkError", api: "cumulocity" });
  });

  it("toApiError reads a hand-built request's error response with the client's context", async () => {
    const core = setup(async () => Response.json({ error: "inventory/notFound", message: "gone" }, { status: 404 }));
    const response = await core.transport(
      new Request("https://t100.example.com/inventory/binaries/9", { method: "DELETE" }),
    );
    const error = await core.toApiError(response);
    expect(error.message).toBe(
      "cumulocity DELETE https://t100.example.com/inventory/binaries/9: 404 Not Found (inventory/notFound: gone)",
    );
  });

  it("withRetries re-runs a replayable upload with a rebuilt body, using the client's maxRetries", async () => {
    const bodies: string[] = [];
    const statuses = [503, 201];
    const core = setup(
      async (request) => {
        bodies.push(await request.text());
        const status = statuses.shift() ?? 500;
        return status === 201 ? Response.json({ id: "1", name: "n" }, { status }) : Response.json({}, { status });
      },
      { maxRetries: 1 },
    );
    const blob = new Blob(["file-bytes"]);
    const result = await core.withRetries(
      () =>
        core.raw.PUT("/inventory/binaries/{id}", {
          params: { path: { id: "1" } },
          body: blob,
          bodySerializer: (body) => body,
          headers: { "Content-Type": "application/octet-stream" },
        }),
      { method: "PUT", sleep: async () => undefined },
    );
    expect(core.expectData(result)).toEqual({ id: "1", name: "n" });
    expect(bodies).toEqual(["file-bytes", "file-bytes"]);
  });
});
