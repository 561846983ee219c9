import { isNetworkError } from "./errors.ts";
import { parseRetryAfter } from "./retry-after.ts";

/*
 * Retry policy (after the Stainless SDKs, openai-node and anthropic-sdk-typescript, narrowed for binary transfers):
 *
 * - Only idempotent methods are retried: GET, HEAD, OPTIONS, PUT, DELETE. POST and PATCH never are: a 4D `$upload`,
 *   a Cumulocity multipart create or an HDAP `_action` may have taken effect before the answer was lost.
 * - Only a request whose body can be sent again: no body, or one the caller rebuilds in each attempt (a Blob, a
 *   string). A request whose body is a stream is sent once; its bytes are gone after the first try.
 * - Retried outcomes: NetworkError (the connection failed), 408, 429, 500, 502, 503, 504. Not 409 (Stainless
 *   retries it for lock contention; in these APIs it means a real conflict or duplicate).
 * - Not retried: TimeoutError. The timeout is the caller's budget for waiting on one answer; retrying would
 *   silently multiply it (3 × 60 s with the defaults) and a server that sends no headers for a minute is overloaded,
 *   not flaky. Not AbortError either: the caller asked to stop.
 * - Delay: `Retry-After` / `retry-after-ms` when the server sends one (seconds or HTTP-date) and it is at most 60 s;
 *   when it asks for longer, the error is returned at once (with `retryAfter` set) instead of retrying early into
 *   another 429. Otherwise 0.5 s · 2^n capped at 8 s, minus up to 25 % jitter.
 * - 2 retries by default, so at most 3 attempts.
 */

/** Methods whose repetition has the same effect as one call (RFC 9110 §9.2.2), except TRACE. */
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/** Statuses that mean "try again later" rather than "this request is wrong". */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** Default number of retries after the first attempt. */
export const DEFAULT_MAX_RETRIES = 2;
/** First backoff delay, doubled per retry. */
export const INITIAL_RETRY_DELAY_MS = 500;
/** Longest backoff delay. */
export const MAX_RETRY_DELAY_MS = 8_000;
/** Longest server-requested wait that is honoured; a longer one ends the retries. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Whether a method may be retried (GET, HEAD, OPTIONS, PUT, DELETE; case-insensitive). */
export function isRetryableMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/** Whether a status invites a retry (408, 429, 500, 502, 503, 504). */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/** What {@link shouldRetry} decides on: one finished attempt. */
export interface RetryCheck {
  /** HTTP method of the request. */
  method: string;
  /** How many retries were already made (0 after the first attempt). */
  retriesDone: number;
  /** Retry budget. @default 2 */
  maxRetries?: number | undefined;
  /** True when the request body is a stream that cannot be sent twice. @default false */
  streamingBody?: boolean | undefined;
  /** The response, when the attempt got one. */
  response?: { status: number; headers: Headers } | undefined;
  /** The error, when the attempt threw. */
  error?: unknown;
  /** Current time for HTTP-date `Retry-After`. @default Date.now() */
  now?: number | undefined;
  /** Longest server-requested wait that still allows a retry. @default 60000 */
  maxRetryAfterMs?: number | undefined;
}

/**
 * Decides whether one attempt's outcome should be retried under the policy above.
 *
 * @example
 * shouldRetry({ method: "GET", retriesDone: 0, response: { status: 503, headers: new Headers() } }); // true
 * shouldRetry({ method: "POST", retriesDone: 0, response: { status: 503, headers: new Headers() } }); // false
 */
export function shouldRetry(check: RetryCheck): boolean {
  if (check.retriesDone >= (check.maxRetries ?? DEFAULT_MAX_RETRIES)) {
    return false;
  }
  if (check.streamingBody || !isRetryableMethod(check.method)) {
    return false;
  }
  if (check.response === undefined) {
    return isNetworkError(check.error);
  }
  if (!isRetryableStatus(check.response.status)) {
    return false;
  }
  const retryAfter = parseRetryAfter(check.response.headers, check.now);
  return retryAfter === undefined || retryAfter <= (check.maxRetryAfterMs ?? MAX_RETRY_AFTER_MS);
}

/** Inputs of {@link retryDelay} other than the retry number. */
export interface RetryDelayOptions {
  /** Headers of the response being retried, for `Retry-After`. */
  headers?: Headers | undefined;
  /** Random number in [0, 1) for jitter. @default Math.random */
  random?: (() => number) | undefined;
  /** Current time for HTTP-date `Retry-After`. @default Date.now() */
  now?: number | undefined;
  /** @default 500 */
  initialDelayMs?: number | undefined;
  /** @default 8000 */
  maxDelayMs?: number | undefined;
  /** @default 60000 */
  maxRetryAfterMs?: number | undefined;
}

/**
 * Milliseconds to wait before retry number `retriesDone + 1`: the server's `Retry-After` when present and within
 * 60 s, else `min(0.5 s · 2^retriesDone, 8 s)` reduced by up to 25 % jitter.
 *
 * @example
 * retryDelay(0, { random: () => 0 }); // 500
 * retryDelay(5, { random: () => 0 }); // 8000
 */
export function retryDelay(retriesDone: number, options: RetryDelayOptions = {}): number {
  if (options.headers) {
    const retryAfter = parseRetryAfter(options.headers, options.now);
    if (retryAfter !== undefined && retryAfter <= (options.maxRetryAfterMs ?? MAX_RETRY_AFTER_MS)) {
      return retryAfter;
    }
  }
  const base = Math.min(
    (options.initialDelayMs ?? INITIAL_RETRY_DELAY_MS) * 2 ** retriesDone,
    options.maxDelayMs ?? MAX_RETRY_DELAY_MS,
  );
  return base * (1 - (options.random ?? Math.random)() * 0.25);
}

/**
 * Waits `ms` milliseconds; rejects with the signal's reason as soon as it aborts.
 */
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

/** One scheduled retry, as reported to {@link RetryOptions.onRetry}. */
export interface RetryEvent {
  /** The attempt that failed (1 = the first). */
  attempt: number;
  /** How long until the next attempt, in milliseconds. */
  delayMs: number;
  /** The status of the failed attempt, when it got a response. */
  status: number | undefined;
  /** The error of the failed attempt, when it threw. */
  error: unknown;
}

/** Options of {@link withRetries}. */
export interface RetryOptions {
  /** HTTP method of the request; POST and PATCH are never retried. */
  method: string;
  /** Retries after the first attempt. @default 2 */
  maxRetries?: number | undefined;
  /** True when the body is a stream that cannot be sent again: then there is exactly one attempt. @default false */
  streamingBody?: boolean | undefined;
  /** Stops waiting (and further attempts) when it aborts; the promise rejects with its reason. */
  signal?: AbortSignal | undefined;
  /** Called before each wait; the transport logs retries through it. */
  onRetry?: ((event: RetryEvent) => void) | undefined;
  /** Replaces the timer-based wait (tests, schedulers). @default sleep */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  /** Random number in [0, 1) for jitter. @default Math.random */
  random?: (() => number) | undefined;
  /** Clock for HTTP-date `Retry-After`. @default Date.now */
  now?: (() => number) | undefined;
}

/** A fetch `Response`, or an openapi-fetch result that carries one. */
export type RetryableResult = Response | { response: Response };

function responseOf(result: RetryableResult): Response {
  return result instanceof Response ? result : result.response;
}

// Not awaited: cancelling a body whose response was cloned (MSW keeps a clone of every mocked response) settles only
// once every clone is cancelled, which would hang the retry; the connection is released either way.
function discardBody(response: Response): void {
  if (response.body !== null && !response.bodyUsed && !response.body.locked) {
    response.body.cancel().catch(() => undefined);
  }
}

/**
 * Runs `attempt(1)`, then `attempt(2)`, ... while {@link shouldRetry} says so, waiting {@link retryDelay} between
 * attempts, and returns the last result (a failed HTTP answer is returned, not thrown). Each attempt is a new call,
 * so it can rebuild its body (re-slice a Blob, re-encode JSON). The body of a response that is retried is cancelled.
 *
 * @example
 * const response = await withRetries(
 *   () => transport(new Request(url, { method: "PUT", body: blob })),
 *   { method: "PUT", signal },
 * );
 */
export async function withRetries<T extends RetryableResult>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const wait = options.sleep ?? sleep;
  const now = options.now ?? Date.now;
  for (let attemptNumber = 1; ; attemptNumber++) {
    options.signal?.throwIfAborted();
    const check = {
      method: options.method,
      retriesDone: attemptNumber - 1,
      maxRetries: options.maxRetries,
      streamingBody: options.streamingBody,
    };
    let result: T;
    try {
      result = await attempt(attemptNumber);
    } catch (error) {
      if (!shouldRetry({ ...check, error })) {
        throw error;
      }
      const delayMs = retryDelay(check.retriesDone, { random: options.random });
      options.onRetry?.({ attempt: attemptNumber, delayMs, status: undefined, error });
      await wait(delayMs, options.signal);
      continue;
    }
    const response = responseOf(result);
    const answeredAt = now();
    if (!shouldRetry({ ...check, response, now: answeredAt })) {
      return result;
    }
    const delayMs = retryDelay(check.retriesDone, {
      headers: response.headers,
      random: options.random,
      now: answeredAt,
    });
    discardBody(response);
    options.onRetry?.({ attempt: attemptNumber, delayMs, status: response.status, error: undefined });
    await wait(delayMs, options.signal);
  }
}
