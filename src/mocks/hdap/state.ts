import type { LockoutTracker } from "./lockout.ts";
import type { ResolvedHdapMockOptions } from "./options.ts";
import type { HdapStore } from "./store.ts";
import type { TokenSigner } from "./token-signer.ts";

/** Everything the HDAP operations share: the directory, the options, the token key, lockouts and the clock. */
export interface HdapState {
  readonly store: HdapStore;
  readonly options: ResolvedHdapMockOptions;
  readonly signer: TokenSigner;
  readonly lockout: LockoutTracker;
  /** The mock's clock, in milliseconds. */
  readonly clock: () => number;
  /** DN keys of the accounts that may write every entry. */
  readonly writerKeys: ReadonlySet<string>;
}
