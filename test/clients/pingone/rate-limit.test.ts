import { createMswHandlers, createPingOneMock, namedExampleBytes } from "bytewire/mocks";
import {
  AbortError,
  ApiError,
  createPingOneClient,
  type PingOneClientBaseOptions,
  type PingOneImage,
} from "bytewire/pingone";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
// `bytewire/mocks/node` has no index.ts yet, so the server module is imported by its file.
import { type RunningMockServer, startMockServer } from "../../../src/mocks/node/server.ts";
import { createTestDispatcher } from "../../support/mock.ts";
import {
  AUTH,
  caught,
  chunkedStream,
  DEMO_PNG_ID,
  ENV,
  LOCAL_BASE_URL,
  localClient,
  logRecorder,
  padded,
} from "./harness.ts";

// One request per 900 ms: the second answers 429 REQUEST_LIMITED with `Retry-After: 1` (whole seconds), and a request
// sent after that second falls into a new window. The tests assert the wait the client chose (the log entries'
// `retryInMs`), never how long anything took. The mock runs as the real HTTP server here, not behind MSW's
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
  it("retries a read after the Retry-After it was given (1 s), not the shorter backoff", async () => {
    const log = logRecorder();
    const { client, sent } = serverClient({ logger: log.logger });
    await client.get(DEMO_PNG_ID);
    const image = await client.get(DEMO_PNG_ID);
    expect(image.id).toBe(DEMO_PNG_ID);
    expect(sent).toHaveLength(3);
    // The core's own backoff would be at most 500 ms; the wait chosen is the server's `Retry-After: 1`.
    expect(log.entries.map((entry) => [entry.method, entry.status, entry.attempt, entry.retryInMs])).toEqual([
      ["GET", 200, 1, undefined],
      ["GET", 429, 1, 1000],
      ["GET", 200, 2, undefined],
    ]);
    expect(log.entries[1]?.level).toBe("warn");
  });

  it("gives the 429 to the caller, with retryAfter, kind and the P1Error id, when retries are off", async () => {
    const log = logRecorder();
    const { client, sent } = serverClient({ maxRetries: 0, logger: log.logger });
    await client.delete(DEMO_PNG_ID);
    const error = await caught(() => client.get(DEMO_PNG_ID));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, kind: "rate_limited", code: "REQUEST_LIMITED", retryAfter: 1 });
    expect((error as ApiError).requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent).toHaveLength(2);
    expect(log.waits()).toEqual([]);
  });

  it("sends an upload from a Blob again after Retry-After: the 429 refused it, so nothing was stored twice", async () => {
    const log = logRecorder();
    const { client, sent } = serverClient({ logger: log.logger });
    await client.get(DEMO_PNG_ID);
    const image = await client.upload(new Blob([PNG]), { filename: "logo.png" });
    expect(image.targets.original).toMatchObject({ type: "png", width: 80, height: 40 });
    const posts = sent.filter((request) => request.method === "POST");
    expect(posts).toHaveLength(2);
    expect(await posts[0]?.body()).toEqual(PNG);
    expect(await posts[1]?.body()).toEqual(PNG);
    expect(posts[1]?.headers.get("content-disposition")).toBe("attachment; filename=logo.png");
    expect(log.entries.filter((entry) => entry.method === "POST").map((entry) => entry.retryInMs)).toEqual([
      1000,
      undefined,
    ]);
  });

  it("does not send a stream upload twice: the 429 reaches the caller", async () => {
    const log = logRecorder();
    const { client, sent } = serverClient({ logger: log.logger });
    await client.get(DEMO_PNG_ID);
    const error = await caught(() => client.upload(chunkedStream(padded(PNG, 100 * 1024))));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, kind: "rate_limited", code: "REQUEST_LIMITED", retryAfter: 1 });
    expect(sent.filter((request) => request.method === "POST")).toHaveLength(1);
    expect(log.waits()).toEqual([]);
  });

  it("stops waiting for a retry when the caller aborts during the wait, and sends nothing more", async () => {
    const controller = new AbortController();
    const log = logRecorder();
    const { client, sent } = serverClient({
      logger: (entry) => {
        log.logger(entry);
        // The retry is scheduled: abort while the client waits the second Retry-After asked for.
        if (entry.retryInMs !== undefined) {
          controller.abort(new Error("user left"));
        }
      },
    });
    await client.get(DEMO_PNG_ID);
    const error = await caught(() => client.upload(PNG, { signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ kind: "aborted", method: "POST" });
    expect((error as AbortError).cause).toEqual(new Error("user left"));
    expect(log.waits()).toEqual([1000]);
    expect(sent.filter((request) => request.method === "POST")).toHaveLength(1);
  });
});

describe("uploads are sent again only after a 429", () => {
  const IMAGE: PingOneImage = {
    id: "3f1d2c4b-5a69-4788-9a0b-1c2d3e4f5a6b",
    environment: { id: ENV },
    createdAt: "2026-01-01T00:00:00.000Z",
    targets: {
      original: {
        id: "original",
        href: `https://uploads.pingone.com/environments/${ENV}/images/3f1d2c4b_original.png`,
        type: "png",
        width: 80,
        height: 40,
      },
    },
  };

  /** A client whose uploads are answered by `responses` in turn (then 500), recording each body it received. */
  function stubClient(responses: Response[], options: Partial<PingOneClientBaseOptions> = {}) {
    const bodies: Uint8Array[] = [];
    const client = createPingOneClient({
      baseUrl: LOCAL_BASE_URL,
      auth: AUTH,
      environmentId: ENV,
      ...options,
      fetch: async (request) => {
        bodies.push(new Uint8Array(await request.arrayBuffer()));
        return responses.shift() ?? Response.json(p1Error("UNEXPECTED_ERROR"), { status: 500 });
      },
    });
    return { client, posts: () => bodies.length, bodies };
  }

  it("a 503 or 500 after the upload was sent: the image may exist, so it is not sent again", async () => {
    for (const status of [500, 503]) {
      const log = logRecorder();
      const { client, posts } = stubClient([Response.json(p1Error("UNEXPECTED_ERROR"), { status })], {
        logger: log.logger,
      });
      await expect(client.upload(PNG)).rejects.toMatchObject({ status, code: "UNEXPECTED_ERROR" });
      expect(posts()).toBe(1);
      expect(log.waits()).toEqual([]);
    }
  });

  it("a 429 without Retry-After is sent again after the backoff (0.5 s less up to a quarter of jitter)", async () => {
    const log = logRecorder();
    const { client, bodies } = stubClient(
      [Response.json(p1Error("REQUEST_LIMITED"), { status: 429 }), Response.json(IMAGE, { status: 201 })],
      { logger: log.logger },
    );
    await expect(client.upload(PNG)).resolves.toEqual(IMAGE);
    expect(bodies).toEqual([PNG, PNG]);
    const [wait, ...more] = log.waits();
    expect(more).toEqual([]);
    expect(wait).toBeGreaterThanOrEqual(375);
    expect(wait).toBeLessThanOrEqual(500);
  });

  it("a 429 asking for more than 60 s is not waited for: it reaches the caller at once, with retryAfter", async () => {
    const log = logRecorder();
    const { client, posts } = stubClient(
      [Response.json(p1Error("REQUEST_LIMITED"), { status: 429, headers: { "retry-after": "120" } })],
      { logger: log.logger },
    );
    await expect(client.upload(PNG)).rejects.toMatchObject({
      status: 429,
      kind: "rate_limited",
      code: "REQUEST_LIMITED",
      retryAfter: 120,
    });
    expect(posts()).toBe(1);
    expect(log.waits()).toEqual([]);
  });

  it("a 429 is retried at most maxRetries times", async () => {
    const limited = () => Response.json(p1Error("REQUEST_LIMITED"), { status: 429, headers: { "retry-after": "0" } });
    const log = logRecorder();
    const { client, posts } = stubClient([limited(), limited(), limited(), limited()], { logger: log.logger });
    const error = await caught(() => client.upload(PNG));
    expect(error).toMatchObject({ status: 429, retryAfter: 0, requestId: "6b5a4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d" });
    expect(posts()).toBe(3);
    expect(log.waits()).toEqual([0, 0]);
  });
});
