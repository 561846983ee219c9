import type { ApiMock } from "../runtime/types.ts";
import { authenticateHdap, type HdapPrincipal } from "./auth.ts";
import { createOrAction } from "./create-or-action.ts";
import { deleteEntry } from "./delete-entry.ts";
import { hdapDemoEntries } from "./demo-data.ts";
import { dnKey, parseIdDn } from "./dn.ts";
import { renderHdapProblem } from "./errors.ts";
import { LockoutTracker } from "./lockout.ts";
import { type HdapMockOptions, resolveHdapOptions } from "./options.ts";
import { patchEntry } from "./patch-entry.ts";
import { readOrQuery } from "./read-or-query.ts";
import { seedEntries } from "./seed-entries.ts";
import type { HdapState } from "./state.ts";
import { HdapStore } from "./store.ts";
import { TokenSigner } from "./token-signer.ts";
import { updateOrCreate } from "./update-or-create.ts";

export type { HdapPrincipal } from "./auth.ts";
export type { HdapLockoutPolicy, HdapMockOptions, HdapSeedEntry } from "./options.ts";

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
