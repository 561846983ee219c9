import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AbortError, NetworkError, TimeoutError } from "../../src/core/errors.ts";
import { type RetryEvent, retryDelay, shouldRetry, withRetries } from "../../src/core/retry.ts";
import { parseRetryAfter } from "../../src/core/retry-after.ts";

const networkError = () =>
  new NetworkError({ api: "cumulocity", method: "GET", url: "https://h/x", cause: new TypeError("fetch failed") });
const response = (status: number, headers: Record<string, string> = {}) => ({ status, headers: new Headers(headers) });

describe("shouldRetry", () => {
  it.each([
    ["GET", 408, true],
    ["GET", 429, true],
    ["GET", 500, true],
    ["GET", 502, true],
    ["GET", 503, true],
    ["GET", 504, true],
    ["HEAD", 503, true],
    ["OPTIONS", 503, true],
    ["PUT", 503, true],
    ["DELETE", 503, true],
    ["delete", 503, true],
    ["POST", 503, false],
    ["PATCH", 503, false],
    ["TRACE", 503, false],
    ["GET", 200, false],
    ["GET", 400, false],
    ["GET", 401, false],
    ["GET", 404, false],
    ["GET", 409, false],
    ["GET", 413, false],
    ["GET", 501, false],
  ] as const)("%s answered %i → %s", (method, status, expected) => {
    expect(shouldRetry({ method, retriesDone: 0, response: response(status) })).toBe(expected);
  });

  it.each([
    ["NetworkError", networkError(), true],
    ["TimeoutError", new TimeoutError({ method: "GET", url: "https://h/x", timeout: 10 }), false],
    ["AbortError", new AbortError({ method: "GET", url: "https://h/x", cause: undefined }), false],
    ["a plain TypeError", new TypeError("fetch failed"), false],
  ])("GET that threw %s → %s", (_, error, expected) => {
    expect(shouldRetry({ method: "GET", retriesDone: 0, error })).toBe(expected);
  });

  it("never retries POST after a network error", () => {
    expect(shouldRetry({ method: "POST", retriesDone: 0, error: networkError() })).toBe(false);
  });

  it("stops when the budget is spent", () => {
    expect(shouldRetry({ method: "GET", retriesDone: 1, response: response(503) })).toBe(true);
    expect(shouldRetry({ method: "GET", retriesDone: 2, response: response(503) })).toBe(false);
    expect(shouldRetry({ method: "GET", retriesDone: 0, maxRetries: 0, response: response(503) })).toBe(false);
  });

  it("never retries a streaming body", () => {
    expect(shouldRetry({ method: "PUT", retriesDone: 0, streamingBody: true, response: response(503) })).toBe(false);
  });

  it("gives up when the server asks to wait longer than 60 s", () => {
    expect(shouldRetry({ method: "GET", retriesDone: 0, response: response(429, { "Retry-After": "60" }) })).toBe(true);
    expect(shouldRetry({ method: "GET", retriesDone: 0, response: response(429, { "Retry-After": "61" }) })).toBe(
      false,
    );
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it.each([
    [{ "Retry-After": "3" }, 3000],
    [{ "Retry-After": "1.5" }, 1500],
    [{ "Retry-After": "Thu, 01 Jan 2026 00:00:10 GMT" }, 10_000],
    [{ "Retry-After": "Wed, 31 Dec 2025 23:00:00 GMT" }, 0],
    [{ "retry-after-ms": "250", "Retry-After": "9" }, 250],
    [{ "Retry-After": "soon" }, undefined],
    [{}, undefined],
  ])("%j → %s", (headers, expected) => {
    expect(parseRetryAfter(new Headers(headers), now)).toBe(expected);
  });
});

describe("retryDelay", () => {
  it("doubles from 500 ms and caps at 8 s without jitter", () => {
    const delays = [0, 1, 2, 3, 4, 5, 10].map((n) => retryDelay(n, { random: () => 0 }));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it("takes off at most 25 % as jitter", () => {
    expect(retryDelay(1, { random: () => 0.999_999 })).toBeCloseTo(750, 1);
    expect(retryDelay(1, { random: () => 0.5 })).toBe(875);
  });

  it("uses Retry-After when present and within the cap, backoff otherwise", () => {
    expect(retryDelay(0, { headers: new Headers({ "Retry-After": "7" }), random: () => 0 })).toBe(7000);
    expect(retryDelay(0, { headers: new Headers({ "Retry-After": "120" }), random: () => 0 })).toBe(500);
  });
});

describe("withRetries", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.parse("2026-01-01T00:00:00Z"));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function scripted(outcomes: (Response | Error)[]) {
    const calls: number[] = [];
    const attempt = async (n: number) => {
      calls.push(n);
      const next = outcomes.shift();
      if (next === undefined) {
        throw new Error("no more outcomes");
      }
      if (next instanceof Error) {
        throw next;
      }
      return next;
    };
    return { attempt, calls };
  }

  it("retries with exponential backoff until a success and returns it", async () => {
    const { attempt, calls } = scripted([new Response(null, { status: 503 }), networkError(), new Response("ok")]);
    const events: RetryEvent[] = [];
    const result = withRetries(attempt, { method: "GET", random: () => 0, onRetry: (e) => events.push(e) });
    await vi.advanceTimersByTimeAsync(499);
    expect(calls).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await (await result).text()).toBe("ok");
    expect(calls).toEqual([1, 2, 3]);
    expect(events.map((e) => [e.attempt, e.delayMs, e.status, e.error === undefined])).toEqual([
      [1, 500, 503, true],
      [2, 1000, undefined, false],
    ]);
  });

  it("returns the last failed answer when the budget is spent (HTTP errors are not thrown)", async () => {
    const { attempt, calls } = scripted([503, 503, 503, 503].map((s) => new Response(null, { status: s })));
    const result = withRetries(attempt, { method: "GET", random: () => 0 });
    await vi.runAllTimersAsync();
    expect((await result).status).toBe(503);
    expect(calls).toEqual([1, 2, 3]);
  });

  it("rethrows the last network error when the budget is spent", async () => {
    const { attempt, calls } = scripted([networkError(), networkError()]);
    const result = withRetries(attempt, { method: "GET", maxRetries: 1, random: () => 0 });
    const assertion = expect(result).rejects.toBeInstanceOf(NetworkError);
    await vi.runAllTimersAsync();
    await assertion;
    expect(calls).toEqual([1, 2]);
  });

  it("waits Retry-After seconds", async () => {
    const { attempt, calls } = scripted([
      new Response(null, { status: 429, headers: { "Retry-After": "3" } }),
      new Response("ok"),
    ]);
    const result = withRetries(attempt, { method: "GET", random: () => 0 });
    await vi.advanceTimersByTimeAsync(2999);
    expect(calls).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    expect((await result).status).toBe(200);
  });

  it("waits until a Retry-After HTTP-date", async () => {
    const { attempt, calls } = scripted([
      new Response(null, { status: 503, headers: { "Retry-After": "Thu, 01 Jan 2026 00:00:05 GMT" } }),
      new Response("ok"),
    ]);
    const result = withRetries(attempt, { method: "GET", random: () => 0 });
    await vi.advanceTimersByTimeAsync(4999);
    expect(calls).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    expect((await result).status).toBe(200);
  });

  it("returns a 429 at once when Retry-After is beyond the 60 s cap", async () => {
    const { attempt, calls } = scripted([new Response(null, { status: 429, headers: { "Retry-After": "3600" } })]);
    const result = await withRetries(attempt, { method: "GET" });
    expect(result.status).toBe(429);
    expect(calls).toEqual([1]);
  });

  it("rejects with the signal's reason when aborted during the wait, and makes no further attempt", async () => {
    const { attempt, calls } = scripted([new Response(null, { status: 503 }), new Response("ok")]);
    const controller = new AbortController();
    const result = withRetries(attempt, { method: "GET", signal: controller.signal, random: () => 0 });
    const assertion = expect(result).rejects.toBe("stop");
    await vi.advanceTimersByTimeAsync(100);
    controller.abort("stop");
    await assertion;
    await vi.runAllTimersAsync();
    expect(calls).toEqual([1]);
  });

  it("cancels the body of an answer it retries", async () => {
    let cancelled = false;
    const body = new ReadableStream({
      cancel() {
        cancelled = true;
      },
    });
    const { attempt } = scripted([new Response(body, { status: 503 }), new Response("ok")]);
    const result = withRetries(attempt, { method: "GET", random: () => 0 });
    await vi.runAllTimersAsync();
    await result;
    expect(cancelled).toBe(true);
  });

  it("makes one attempt for POST and for a streaming body", async () => {
    const post = scripted([new Response(null, { status: 503 })]);
    expect((await withRetries(post.attempt, { method: "POST" })).status).toBe(503);
    const stream = scripted([new Response(null, { status: 503 })]);
    expect((await withRetries(stream.attempt, { method: "PUT", streamingBody: true })).status).toBe(503);
    expect([post.calls, stream.calls]).toEqual([[1], [1]]);
  });

  it("accepts openapi-fetch results and decides on their response", async () => {
    const busy = { error: { message: "busy" }, response: new Response(null, { status: 503 }) };
    const done = { data: { id: "1" }, response: new Response(null, { status: 200 }) };
    const result = withRetries<typeof busy | typeof done>(async (n) => (n === 1 ? busy : done), {
      method: "PUT",
      random: () => 0,
    });
    await vi.runAllTimersAsync();
    expect(await result).toBe(done);
  });

  it("uses an injected sleep instead of timers", async () => {
    vi.useRealTimers();
    const waits: number[] = [];
    const { attempt } = scripted([
      new Response(null, { status: 502 }),
      new Response(null, { status: 502 }),
      new Response("ok"),
    ]);
    const result = await withRetries(attempt, {
      method: "GET",
      random: () => 0,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(result.status).toBe(200);
    expect(waits).toEqual([500, 1000]);
  });
});

describe("withRetries and cloned responses", () => {
  it("does not wait for a retried body whose unread clone is kept elsewhere (MSW keeps one of every response)", async () => {
    const kept: Response[] = [];
    let calls = 0;
    const result = await withRetries(
      async () => {
        calls++;
        const response = new Response(calls === 1 ? "busy" : "ok", { status: calls === 1 ? 503 : 200 });
        kept.push(response.clone());
        return response;
      },
      { method: "GET", sleep: () => Promise.resolve(), random: () => 0 },
    );
    expect(calls).toBe(2);
    expect(await result.text()).toBe("ok");
    expect(kept).toHaveLength(2);
  });
});
