import { describe, expect, it } from "vitest";
import {
  type AttemptOutcome,
  DEFAULT_RETRY_RULES,
  decideRetry,
  parseRetryAfter,
  type RetryRules,
} from "../../src/core/retry.ts";

const NOW = Date.parse("2026-01-01T00:00:00Z");
const rules: RetryRules = { ...DEFAULT_RETRY_RULES, random: () => 0, now: () => NOW };

function outcome(fields: Partial<AttemptOutcome>): AttemptOutcome {
  return { method: "GET", retriesDone: 0, replayable: true, canReauthenticate: false, ...fields };
}
const answered = (status: number, headers: Record<string, string> = {}) => ({
  response: { status, headers: new Headers(headers) },
});

describe("decideRetry", () => {
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
    ["POST", 503, false],
    ["POST", 429, false],
    ["PATCH", 503, false],
    ["TRACE", 503, false],
    ["GET", 200, false],
    ["GET", 400, false],
    ["GET", 401, false],
    ["GET", 404, false],
    ["GET", 409, false],
    ["GET", 413, false],
    ["GET", 501, false],
  ] as const)("%s answered %i → retry: %s", (method, status, expected) => {
    expect(decideRetry(outcome({ method, ...answered(status) }), rules).action).toBe(expected ? "retry" : "return");
  });

  it.each([
    ["network", "GET", "retry"],
    ["network", "PUT", "retry"],
    ["network", "POST", "return"],
    ["timeout", "GET", "return"],
    ["aborted", "GET", "return"],
  ] as const)("a %s failure of %s → %s", (failure, method, action) => {
    expect(decideRetry(outcome({ method, failure }), rules).action).toBe(action);
  });

  it("backs off from 500 ms, doubling, capped at 8 s, minus at most 25 % jitter", () => {
    const delays = [0, 1, 2, 3, 4, 5].map((retriesDone) => {
      const decision = decideRetry(outcome({ retriesDone, ...answered(503) }), { ...rules, maxRetries: 10 });
      return decision.action === "retry" ? decision.delayMs : undefined;
    });
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    const jittered = decideRetry(outcome({ retriesDone: 1, ...answered(503) }), { ...rules, random: () => 0.5 });
    expect(jittered).toEqual({ action: "retry", delayMs: 875 });
  });

  it("waits what Retry-After asks for, up to 60 s; a longer wait hands the answer back", () => {
    expect(decideRetry(outcome(answered(429, { "Retry-After": "7" })), rules)).toEqual({
      action: "retry",
      delayMs: 7000,
    });
    expect(decideRetry(outcome(answered(503, { "Retry-After": "60" })), rules)).toEqual({
      action: "retry",
      delayMs: 60_000,
    });
    expect(decideRetry(outcome(answered(429, { "Retry-After": "61" })), rules)).toEqual({ action: "return" });
    expect(decideRetry(outcome(answered(429, { "Retry-After": "Thu, 01 Jan 2026 00:00:03 GMT" })), rules)).toEqual({
      action: "retry",
      delayMs: 3000,
    });
  });

  it("stops when the budget is spent", () => {
    expect(decideRetry(outcome({ retriesDone: 1, ...answered(503) }), rules).action).toBe("retry");
    expect(decideRetry(outcome({ retriesDone: 2, ...answered(503) }), rules).action).toBe("return");
    expect(decideRetry(outcome(answered(503)), { ...rules, maxRetries: 0 }).action).toBe("return");
  });

  it("never sends a body again that cannot be sent whole (a stream), whatever the answer", () => {
    expect(decideRetry(outcome({ method: "PUT", replayable: false, ...answered(503) }), rules).action).toBe("return");
    expect(decideRetry(outcome({ replayable: false, failure: "network" }), rules).action).toBe("return");
    expect(decideRetry(outcome({ replayable: false, canReauthenticate: true, ...answered(401) }), rules).action).toBe(
      "return",
    );
  });

  it("re-authenticates after a 401 when the credential can be renewed, whatever the method, even past the budget", () => {
    for (const method of ["GET", "POST", "PATCH"]) {
      expect(decideRetry(outcome({ method, canReauthenticate: true, ...answered(401) }), rules)).toEqual({
        action: "reauthenticate",
      });
    }
    expect(decideRetry(outcome({ canReauthenticate: true, retriesDone: 2, ...answered(401) }), rules).action).toBe(
      "reauthenticate",
    );
    expect(decideRetry(outcome({ canReauthenticate: false, ...answered(401) }), rules).action).toBe("return");
  });

  it("sends a POST again on the statuses an API names as safe (PingOne's 429), and on no other", () => {
    const vendor = { ...rules, nonIdempotentStatuses: new Set([429]) };
    expect(decideRetry(outcome({ method: "POST", ...answered(429, { "Retry-After": "1" }) }), vendor)).toEqual({
      action: "retry",
      delayMs: 1000,
    });
    expect(decideRetry(outcome({ method: "POST", ...answered(429) }), vendor)).toEqual({
      action: "retry",
      delayMs: 500,
    });
    expect(decideRetry(outcome({ method: "POST", ...answered(503) }), vendor).action).toBe("return");
    expect(decideRetry(outcome({ method: "POST", failure: "network" }), vendor).action).toBe("return");
  });
});

describe("parseRetryAfter", () => {
  it.each([
    [{ "Retry-After": "3" }, 3000],
    [{ "Retry-After": "1.5" }, 1500],
    [{ "Retry-After": "Thu, 01 Jan 2026 00:00:10 GMT" }, 10_000],
    [{ "Retry-After": "Wed, 31 Dec 2025 23:00:00 GMT" }, 0],
    [{ "retry-after-ms": "250", "Retry-After": "9" }, 250],
    [{ "Retry-After": "soon" }, undefined],
    [{}, undefined],
  ])("%j → %s", (headers, expected) => {
    expect(parseRetryAfter(new Headers(headers), NOW)).toBe(expected);
  });
});
