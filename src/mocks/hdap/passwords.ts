import { type HdapProblem, hdapProblem } from "./common-rest.ts";
import { dnKey } from "./dn.ts";
import type { HdapLockoutPolicy, HdapState } from "./index.ts";
import { attributeType } from "./schema.ts";
import type { StoredEntry } from "./store.ts";

/*
 * Passwords: the credential check, the lockout after repeated wrong passwords, the new-password policy and generated
 * passwords.
 */

/** The outcome of checking a password against an account. */
export type CredentialCheck = "valid" | "wrong" | "locked" | "disabled";

const PASSWORD_KEY = attributeType("userPassword").key;
const DISABLED_KEY = attributeType("ds-pwp-account-disabled").key;

/** True when the entry carries `ds-pwp-account-disabled: true`, DS's switch that disables an account. */
export function isAccountDisabled(entry: StoredEntry): boolean {
  return entry.attributes.get(DISABLED_KEY)?.values[0] === true;
}

/**
 * Checks a password (Basic or `_action=authenticate`). A wrong password counts towards the lockout; a locked or
 * disabled account fails even with the right password. Passwords are kept in clear text: the mock has no reader
 * that could see them, since no answer ever contains a password attribute.
 */
export function checkCredentials(state: HdapState, entry: StoredEntry | undefined, password: string): CredentialCheck {
  if (!entry) {
    return "wrong";
  }
  const account = dnKey(entry.dn);
  if (isAccountDisabled(entry)) {
    return "disabled";
  }
  if (state.lockout.unlockIn(account, state.clock()) !== undefined) {
    return "locked";
  }
  if (entry.attributes.get(PASSWORD_KEY)?.values.includes(password)) {
    state.lockout.clear(account);
    return "valid";
  }
  state.lockout.recordFailure(account, state.clock());
  return "wrong";
}

/**
 * Checks a new password against the mock's password policy (a minimum length). With `passwordQualityAdvice=true` the
 * 400 carries `detail.passwordQualityAdvice`; its shape here (failing and passing criteria, the attribute) follows
 * DS's length-based validator as far as Ping shows it and is otherwise an assumption.
 */
export function newPasswordProblem(
  state: HdapState,
  password: string,
  adviceRequested: boolean,
): HdapProblem | undefined {
  const minimum = state.options.minPasswordLength;
  if ([...password].length >= minimum) {
    return undefined;
  }
  const message =
    "Constraint Violation: The provided new password failed the validation checks defined in the server: " +
    `The provided password is shorter than the minimum required length of ${minimum} characters`;
  if (!adviceRequested) {
    return hdapProblem(400, message);
  }
  return hdapProblem(400, message, {
    passwordQualityAdvice: {
      passingCriteria: [],
      failingCriteria: [
        { type: "length-based", parameters: { "min-password-length": minimum, "max-password-length": 0 } },
      ],
      attributeType: "userPassword",
    },
  });
}

const GENERATED_ALPHABET = "abcdefghijkmnopqrstuvwxyz23456789";

/**
 * A random password like DS's generator makes for `resetPassword` (lower-case letters and digits: `bej58rfx`), eight
 * characters or the policy's minimum length if that is longer.
 */
export function generatePassword(state: HdapState): string {
  const bytes = crypto.getRandomValues(new Uint8Array(Math.max(8, state.options.minPasswordLength)));
  return [...bytes].map((byte) => GENERATED_ALPHABET[byte % GENERATED_ALPHABET.length]).join("");
}

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
