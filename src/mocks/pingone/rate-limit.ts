/** A fixed-window request counter; answers how many seconds to wait once the window is full. */
export class RateLimiter {
  readonly #requests: number;
  readonly #windowMs: number;
  #windowStart = Number.NEGATIVE_INFINITY;
  #count = 0;

  constructor(limit: { requests: number; windowMs: number }) {
    this.#requests = limit.requests;
    this.#windowMs = limit.windowMs;
  }

  /** Counts a request at `now`; returns `undefined` when allowed, else the Retry-After in whole seconds. */
  take(now: number): number | undefined {
    if (now - this.#windowStart >= this.#windowMs) {
      this.#windowStart = now;
      this.#count = 0;
    }
    this.#count++;
    if (this.#count <= this.#requests) {
      return undefined;
    }
    return Math.max(1, Math.ceil((this.#windowStart + this.#windowMs - now) / 1000));
  }

  reset(): void {
    this.#windowStart = Number.NEGATIVE_INFINITY;
    this.#count = 0;
  }
}
