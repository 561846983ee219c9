/*
 * The retry policy: one decision per finished attempt, made by `decideRetry` and nowhere else.
 *
 * - 401 with a credential that can be renewed (an HDAP token, a 4D session): renew it and send again at once, once per
 *   call, whatever the method: the server refused the request before acting on it.
 * - Otherwise only a request that can be sent whole again (no body, or a body every attempt gets afresh: a Blob, a
 *   file, JSON) is sent again; a stream is consumed by the first attempt.
 * - Idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE) after a network error or a 408, 429, 500, 502, 503, 504.
 *   POST and PATCH never by default: a 4D `$upload` or a Cumulocity create may have taken effect before the answer
 *   was lost. An API may name statuses that are safe for them anyway (PingOne: 429, a refusal before storing).
 * - Never after a timeout (the caller's budget for the call) or an abort (the caller asked to stop).
 * - Delay: the server's `Retry-After` / `retry-after-ms` (seconds or HTTP date) when it is at most 60 s; when it asks
 *   for longer the answer is returned at once (with `retryAfter` set) instead of retrying early into another 429.
 *   Otherwise 0.5 s · 2^n capped at 8 s, minus up to 25 % jitter. 2 retries by default.
 */

/** Default number of retries after the first attempt. */
export const DEFAULT_MAX_RETRIES = 2;

const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/** The policy's settings; an API may change `nonIdempotentStatuses`, a client `maxRetries`, a test the clock. */
export interface RetryRules {
  /** Retries after the first attempt. @default 2 */
  maxRetries: number;
  /** Statuses that mean "try again later" for idempotent requests. @default 408, 429, 500, 502, 503, 504 */
  statuses: ReadonlySet<number>;
  /** Statuses after which even a POST or PATCH is sent again (the vendor's own rule). @default none */
  nonIdempotentStatuses: ReadonlySet<number>;
  /** First backoff delay, doubled per retry. @default 500 */
  initialDelayMs: number;
  /** Longest backoff delay. @default 8000 */
  maxDelayMs: number;
  /** Longest server-requested wait that is honoured; a longer one ends the retries. @default 60000 */
  maxRetryAfterMs: number;
  /** Random number in [0, 1) for jitter. @default Math.random */
  random: () => number;
  /** Clock for HTTP-date `Retry-After`. @default Date.now */
  now: () => number;
}

/** The policy as documented above. */
export const DEFAULT_RETRY_RULES: RetryRules = {
  maxRetries: DEFAULT_MAX_RETRIES,
  statuses: new Set([408, 429, 500, 502, 503, 504]),
  nonIdempotentStatuses: new Set(),
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  random: Math.random,
  now: Date.now,
};

/** One finished attempt, as the pipeline hands it to {@link decideRetry}. */
export interface AttemptOutcome {
  /** HTTP method, upper case. */
  method: string;
  /** How many retries were made before this attempt (0 for the first). */
  retriesDone: number;
  /** Whether the request can be sent whole again: no body, or one every attempt gets afresh. */
  replayable: boolean;
  /** Whether the call's credential can still be renewed (an auth with `renew`, not yet renewed in this call). */
  canReauthenticate: boolean;
  /** Status and headers, when the attempt got an answer. */
  response?: { status: number; headers: Headers } | undefined;
  /** Why the attempt failed, when it got no answer: only a `network` failure is ever retried. */
  failure?: "network" | "timeout" | "aborted" | undefined;
}

/** What to do after an attempt. */
export type RetryDecision = { action: "return" } | { action: "reauthenticate" } | { action: "retry"; delayMs: number };

const RETURN: RetryDecision = { action: "return" };

/**
 * Decides what follows one attempt under the policy above (module comment). The only place that decides whether a
 * request is sent again.
 *
 * @example
 * decideRetry({ method: "GET", retriesDone: 0, replayable: true, canReauthenticate: false,
 *   response: { status: 503, headers: new Headers({ "Retry-After": "1" }) } }); // { action: "retry", delayMs: 1000 }
 */
export function decideRetry(outcome: AttemptOutcome, rules: RetryRules = DEFAULT_RETRY_RULES): RetryDecision {
  const status = outcome.response?.status;
  if (!outcome.replayable) {
    return RETURN;
  }
  if (status === 401) {
    return outcome.canReauthenticate ? { action: "reauthenticate" } : RETURN;
  }
  if (outcome.retriesDone >= rules.maxRetries) {
    return RETURN;
  }
  const idempotent = IDEMPOTENT_METHODS.has(outcome.method);
  if (status === undefined) {
    return outcome.failure === "network" && idempotent ? { action: "retry", delayMs: backoff(outcome, rules) } : RETURN;
  }
  const retryable = idempotent ? rules.statuses.has(status) : rules.nonIdempotentStatuses.has(status);
  if (!retryable) {
    return RETURN;
  }
  const headers = outcome.response?.headers;
  const retryAfter = headers === undefined ? undefined : parseRetryAfter(headers, rules.now());
  if (retryAfter !== undefined) {
    return retryAfter <= rules.maxRetryAfterMs ? { action: "retry", delayMs: retryAfter } : RETURN;
  }
  return { action: "retry", delayMs: backoff(outcome, rules) };
}

function backoff(outcome: AttemptOutcome, rules: RetryRules): number {
  const base = Math.min(rules.initialDelayMs * 2 ** outcome.retriesDone, rules.maxDelayMs);
  return base * (1 - rules.random() * 0.25);
}

/**
 * How long a server asked the client to wait, in milliseconds: `retry-after-ms` (sent by some gateways), else
 * `Retry-After` as delay-seconds or as an HTTP-date (RFC 9110 §10.2.3; a date in the past gives 0); `undefined`
 * when neither is present or parsable.
 *
 * @example
 * parseRetryAfter(new Headers({ "Retry-After": "2" })); // 2000
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const milliseconds = headers.get("retry-after-ms");
  if (milliseconds !== null && /^\s*\d+(\.\d+)?\s*$/.test(milliseconds)) {
    return Number.parseFloat(milliseconds);
  }
  const value = headers.get("retry-after");
  if (value === null) {
    return undefined;
  }
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) {
    return Number.parseFloat(value) * 1000;
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Waits `ms` milliseconds; rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
