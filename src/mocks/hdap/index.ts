import type { components } from "../../../generated/schema.ts";
import type { ApiMock } from "../runtime/types.ts";
import { createOrAction } from "./actions.ts";
import { authenticateHdap, type HdapPrincipal, TokenSigner } from "./auth.ts";
import { renderHdapProblem } from "./common-rest.ts";
import { dnKey, parseIdDn } from "./dn.ts";
import { deleteEntry, updateOrCreate } from "./entry-writes.ts";
import { LockoutTracker } from "./passwords.ts";
import { patchEntry } from "./patch.ts";
import { readOrQuery } from "./search.ts";
import { ADMIN_ID, HdapStore, hdapDemoEntries, KVAUGHAN_ID, seedEntries } from "./store.ts";

export type { HdapPrincipal } from "./auth.ts";

/*
 * The PingDS HDAP mock: its options, the state its operations share, and the factory.
 */

/**
 * One entry to store when the mock starts: an `HdapEntryWrite` body with its `_id` (and, optionally, the `_rev` it
 * starts with). `userPassword` is kept in clear text so that the account can authenticate; it is never answered.
 *
 * @example
 * { _id: "dc=com/dc=example/ou=People/uid=newuser", objectClass: ["top", "person"], cn: "New User", sn: "User",
 *   userPassword: "5up35tr0ng" }
 */
export type HdapSeedEntry = components["schemas"]["HdapEntryWrite"] & { _id: string; _rev?: string };

/** Account lockout after repeated wrong passwords. */
export interface HdapLockoutPolicy {
  /** Wrong passwords in a row that lock the account. */
  failures: number;
  /** Seconds the account stays locked. */
  durationSeconds: number;
}

/** Demo data, credentials and limits of the PingDS HDAP mock. Every field has a documented default. */
export interface HdapMockOptions {
  /**
   * Store the demo directory: `dc=com`, `dc=com/dc=example`, `dc=com/dc=example/ou=People`, Babs Jensen
   * (`.../ou=People/uid=bjensen`, password `hifalutin`, manager kvaughan, with the seed's 1 x 1 JPEG `photo`, as the
   * document's `hdap-bjensen-entry` example shows her), Kirsten Vaughan (`.../ou=People/uid=kvaughan`, password
   * `bribery`) and the administrator `uid=admin` (password `password`).
   * @default true
   */
  demoEntries?: boolean;
  /** More entries, stored after the demo ones in this order (list a parent before its children). @default [] */
  entries?: HdapSeedEntry[];
  /**
   * `_id`s of the accounts that may create, change, rename and delete any entry and reset passwords. Every other
   * account may only change its own entry (and its own password); anonymous callers may not write at all.
   * @default ["dc=com/dc=example/ou=People/uid=kvaughan", "uid=admin"]
   */
  writers?: string[];
  /**
   * Anonymous callers may read and query entries (every attribute except passwords, which nobody can read), as the
   * `ds-evaluation` profile allows; `false` answers anonymous reads with `401`.
   * @default true
   */
  anonymousReads?: boolean;
  /** Lifetime of the bearer tokens of `_action=authenticate`, in seconds (DS's `jwt-validity-period`). @default 300 */
  tokenLifetimeSeconds?: number;
  /**
   * Lock an account after repeated wrong passwords (Basic or `_action=authenticate`); `accountUsability` then
   * answers `locked` with `unlockIn`, and `resetPassword` unlocks it. `false` never locks.
   * @default { failures: 3, durationSeconds: 300 }
   */
  lockout?: HdapLockoutPolicy | false;
  /** Shortest new password accepted (create, update, patch, `modifyPassword`). @default 8 */
  minPasswordLength?: number;
  /** Most entries one query may return before it fails with `413` (DS's size limit). @default 1000 */
  sizeLimit?: number;
  /**
   * Largest request body, in bytes. A larger body answers `400`: HDAP's `413` means a query size limit, and the
   * document declares no status for a too-large request (an assumption of the mock).
   * @default 5 MiB, DS's default `max-request-size`
   */
  maxBodyBytes?: number;
}

/** The options with their defaults applied. */
export interface ResolvedHdapMockOptions {
  demoEntries: boolean;
  entries: HdapSeedEntry[];
  writers: string[];
  anonymousReads: boolean;
  tokenLifetimeSeconds: number;
  lockout: HdapLockoutPolicy | false;
  minPasswordLength: number;
  sizeLimit: number;
  maxBodyBytes: number;
}

/** Applies the documented defaults. */
function resolveHdapOptions(options: HdapMockOptions = {}): ResolvedHdapMockOptions {
  return {
    demoEntries: options.demoEntries ?? true,
    entries: options.entries ?? [],
    writers: options.writers ?? [KVAUGHAN_ID, ADMIN_ID],
    anonymousReads: options.anonymousReads ?? true,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 300,
    lockout: options.lockout ?? { failures: 3, durationSeconds: 300 },
    minPasswordLength: options.minPasswordLength ?? 8,
    sizeLimit: options.sizeLimit ?? 1000,
    maxBodyBytes: options.maxBodyBytes ?? 5 * 1024 * 1024,
  };
}

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

/**
 * The PingDS HDAP mock: directory entries at `/hdap/{dnPath}` with base64 binary attributes, partial `PUT`,
 * `PATCH`, queries with Common REST filters and paging, the `_action`s, Basic and bearer-JWT authentication, access
 * rules, revisions, and Common REST `HdapError` bodies. `reset()` restores the demo directory and invalidates every
 * token issued so far.
 */
export function createHdapMock(options: HdapMockOptions = {}, clock: () => number = Date.now): ApiMock<HdapPrincipal> {
  const resolved = resolveHdapOptions(options);
  const state: HdapState = {
    store: new HdapStore(),
    options: resolved,
    signer: new TokenSigner(),
    lockout: new LockoutTracker(resolved.lockout),
    clock,
    writerKeys: new Set(resolved.writers.map((id) => dnKey(parseIdDn(id)))),
  };
  const seed = () => {
    state.store.clear();
    state.lockout.reset();
    state.signer.rotate();
    seedEntries(state, [...(resolved.demoEntries ? hdapDemoEntries() : []), ...resolved.entries]);
  };
  seed();

  return {
    name: "hdap",
    tag: "PingDS HDAP",
    operations: {
      hdapReadOrQuery: (context) => readOrQuery(state, context),
      hdapUpdateOrCreate: (context) => updateOrCreate(state, context),
      hdapCreateOrAction: (context) => createOrAction(state, context),
      hdapPatchEntry: (context) => patchEntry(state, context),
      hdapDeleteEntry: (context) => deleteEntry(state, context),
    },
    authenticate: (context) => authenticateHdap(state, context.headers),
    renderProblem: renderHdapProblem,
    maxBodyBytes: resolved.maxBodyBytes,
    bodyTooLargeStatus: 400,
    pathPrefixes: ["/hdap/"],
    reset: seed,
  };
}
