import type { HdapLockoutPolicy } from "./options.ts";

interface AccountFailures {
  failures: number;
  lockedUntil: number | undefined;
}

/** Counts wrong passwords per account and locks an account for a while after too many in a row. */
export class LockoutTracker {
  readonly #policy: HdapLockoutPolicy | false;
  readonly #accounts = new Map<string, AccountFailures>();

  constructor(policy: HdapLockoutPolicy | false) {
    this.#policy = policy;
  }

  /** Seconds until the account unlocks by itself, or `undefined` when it is not locked. */
  unlockIn(account: string, now: number): number | undefined {
    const lockedUntil = this.#accounts.get(account)?.lockedUntil;
    if (lockedUntil === undefined || lockedUntil <= now) {
      return undefined;
    }
    return Math.ceil((lockedUntil - now) / 1000);
  }

  /** Records a wrong password; the failure that reaches the policy's count locks the account. */
  recordFailure(account: string, now: number): void {
    if (!this.#policy) {
      return;
    }
    const state = this.#accounts.get(account) ?? { failures: 0, lockedUntil: undefined };
    if (state.lockedUntil !== undefined && state.lockedUntil <= now) {
      state.lockedUntil = undefined;
    }
    state.failures++;
    if (state.failures >= this.#policy.failures) {
      state.failures = 0;
      state.lockedUntil = now + this.#policy.durationSeconds * 1000;
    }
    this.#accounts.set(account, state);
  }

  /** A right password resets the count of failures (and an administrative reset also unlocks). */
  clear(account: string): void {
    this.#accounts.delete(account);
  }

  /** Forgets every failure and lock. */
  reset(): void {
    this.#accounts.clear();
  }
}
