import { MAX_RETRY_AFTER_MS, sleep } from "../core/retry.ts";
import { parseRetryAfter } from "../core/retry-after.ts";

/** Options of {@link retryRateLimited}. */
export interface RateLimitRetryOptions {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Stops the wait; the promise then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/**
 * Sends a request again after a `429` that carries a `Retry-After` of at most 60 s, waiting that long, up to
 * `maxRetries` times; any other answer (and a 429 without a usable `Retry-After`) is returned as it is.
 *
 * Only for POSTs whose body is sent whole by every attempt. The core policy never retries a POST because it may have
 * taken effect before the answer was lost. A 429 is different: it is an answer, so nothing was lost, and it says the
 * request was refused for its rate (RFC 6585 §4; PingOne answers `REQUEST_LIMITED` and asks to try again after
 * `Retry-After`), so no image was stored and sending it again cannot create a duplicate. That PingOne counts the
 * request before storing anything is the meaning of the status, not something Ping documents. A 5xx or a network
 * error stays unretried: the image may exist.
 */
export async function retryRateLimited<T extends { response: Response }>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: RateLimitRetryOptions,
): Promise<T> {
  for (let attemptNumber = 1; ; attemptNumber++) {
    const result = await attempt(attemptNumber);
    if (result.response.status !== 429 || attemptNumber > options.maxRetries) {
      return result;
    }
    const waitMs = parseRetryAfter(result.response.headers);
    if (waitMs === undefined || waitMs > MAX_RETRY_AFTER_MS) {
      return result;
    }
    await sleep(waitMs, options.signal);
  }
}
