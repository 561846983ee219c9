import { createMswHandlers, createPingOneMock, namedExampleBytes } from "bytewire/mocks";
import { AbortError, ApiError, createPingOneClient, type PingOneClientBaseOptions } from "bytewire/pingone";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
// `bytewire/mocks/node` has no index.ts yet, so the server module is imported by its file.
import { type RunningMockServer, startMockServer } from "../../../src/mocks/node/server.ts";
import { createTestDispatcher } from "../../support/mock.ts";
import { caught, chunkedStream, DEMO_PNG_ID, ENV, LOCAL_BASE_URL, localClient, padded, TOKEN } from "./harness.ts";

// One request per 900 ms: the second answers 429 REQUEST_LIMITED with `Retry-After: 1` (whole seconds), and a request
// sent after that second falls into a new window. The mock runs as the real HTTP server here, not behind MSW's
// setupServer: MSW keeps an unread clone of every mocked response, so cancelling the body of a retried 429 (as the
// transport does before it waits) never settles in-process.
const mock = createPingOneMock({ rateLimit: { requests: 1, windowMs: 900 } });
let server: RunningMockServer;
beforeAll(async () => {
  server = await startMockServer({ handlers: createMswHandlers(createTestDispatcher([mock])), port: 0 });
});
afterEach(() => mock.reset());
afterAll(() => server?.close());

function serverClient(options: Partial<PingOneClientBaseOptions> = {}) {
  return localClient(options, `${server.url}/v1`);
}

const PNG = namedExampleBytes("pingone-logo-png");

function p1Error(code: string): object {
  return { id: "6b5a4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d", code, message: "The request could not be completed." };
}

describe("429 REQUEST_LIMITED", () => {
  it("retries a read after the Retry-After it was given, not sooner", async () => {
    const { client, sent } = serverClient();
    await client.readImage(DEMO_PNG_ID);
    const started = performance.now();
    const image = await client.readImage(DEMO_PNG_ID);
    const waited = performance.now() - started;
    expect(image.id).toBe(DEMO_PNG_ID);
    expect(sent).toHaveLength(3);
    // The core's own backoff would be at most 500 ms; only Retry-After explains a wait of a second.
    expect(waited).toBeGreaterThanOrEqual(990);
    expect(waited).toBeLessThan(3000);
  });

  it("gives the 429 to the caller, with retryAfter, when retries are off", async () => {
    const { client, sent } = serverClient({ maxRetries: 0 });
    await client.deleteImage(DEMO_PNG_ID);
    const error = await caught(() => client.readImage(DEMO_PNG_ID));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, code: "REQUEST_LIMITED", retryAfter: 1 });
    expect(sent).toHaveLength(2);
  });

  it("sends an upload from a Blob again after Retry-After: the 429 refused it, so nothing was stored twice", async () => {
    const { client, sent } = serverClient();
    await client.readImage(DEMO_PNG_ID);
    const started = performance.now();
    const image = await client.createImage(new Blob([PNG]), { filename: "logo.png" });
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(image.targets.original).toMatchObject({ type: "png", width: 80, height: 40 });
    const posts = sent.filter((request) => request.method === "POST");
    expect(posts).toHaveLength(2);
    expect(await posts[1]?.body()).toEqual(PNG);
    expect(posts[1]?.headers.get("content-disposition")).toBe("attachment; filename=logo.png");
  });

  it("does not send a stream upload twice: the 429 reaches the caller", async () => {
    const { client, sent } = serverClient();
    await client.readImage(DEMO_PNG_ID);
    const error = await caught(() => client.createImage(chunkedStream(padded(PNG, 100 * 1024))));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, code: "REQUEST_LIMITED", retryAfter: 1 });
    expect(sent.filter((request) => request.method === "POST")).toHaveLength(1);
  });

  it("stops waiting for a retry when the caller aborts", async () => {
    const { client } = serverClient();
    await client.readImage(DEMO_PNG_ID);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    const error = await caught(() => client.createImage(PNG, { signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortError);
    expect(performance.now() - started).toBeLessThan(900);
  });
});

describe("uploads are not retried on other failures", () => {
  function stubClient(responses: Response[]) {
    let posts = 0;
    const client = createPingOneClient({
      baseUrl: LOCAL_BASE_URL,
      token: TOKEN,
      environmentId: ENV,
      fetch: async (request) => {
        posts++;
        await request.arrayBuffer();
        return responses.shift() ?? Response.json(p1Error("UNEXPECTED_ERROR"), { status: 500 });
      },
    });
    return { client, posts: () => posts };
  }

  it("a 503 or 500 after the upload was sent: the image may exist, so it is not sent again", async () => {
    for (const status of [500, 503]) {
      const { client, posts } = stubClient([Response.json(p1Error("UNEXPECTED_ERROR"), { status })]);
      await expect(client.createImage(PNG)).rejects.toMatchObject({ status, code: "UNEXPECTED_ERROR" });
      expect(posts()).toBe(1);
    }
  });

  it("a 429 without Retry-After, or asking for more than 60 s, is not retried", async () => {
    for (const headers of [{}, { "retry-after": "120" }]) {
      const { client, posts } = stubClient([Response.json(p1Error("REQUEST_LIMITED"), { status: 429, headers })]);
      await expect(client.createImage(PNG)).rejects.toMatchObject({ status: 429, code: "REQUEST_LIMITED" });
      expect(posts()).toBe(1);
    }
  });

  it("a 429 is retried at most maxRetries times", async () => {
    const limited = () => Response.json(p1Error("REQUEST_LIMITED"), { status: 429, headers: { "retry-after": "0" } });
    const { client, posts } = stubClient([limited(), limited(), limited(), limited()]);
    const error = await caught(() => client.createImage(PNG));
    expect(error).toMatchObject({ status: 429, retryAfter: 0 });
    expect(posts()).toBe(3);
  });
});
