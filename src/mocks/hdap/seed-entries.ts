import { isProblem } from "../runtime/types.ts";
import { buildNewEntry } from "./create-entry.ts";
import { parentDn, parseIdDn } from "./dn.ts";
import type { HdapSeedEntry } from "./options.ts";
import type { HdapState } from "./state.ts";

/**
 * Stores seed entries in order, through the same value and schema checks as a create (the password policy aside), so
 * that seed data is data the API could have written. A broken seed is a configuration error and throws.
 */
export function seedEntries(state: HdapState, entries: readonly HdapSeedEntry[]): void {
  for (const seed of entries) {
    const dn = parseIdDn(seed._id);
    const parent = parentDn(dn);
    if (parent && !state.store.get(parent)) {
      throw new Error(`The HDAP mock's entry ${seed._id} has no parent entry; list parents before their children.`);
    }
    if (state.store.get(dn)) {
      throw new Error(`The HDAP mock's entries list ${seed._id} twice.`);
    }
    const entry = buildNewEntry({ state, passwordQualityAdvice: false, skipPasswordPolicy: true }, dn, seed, seed._rev);
    if (isProblem(entry)) {
      throw new Error(`The HDAP mock's entry ${seed._id} is invalid: ${entry.message}`);
    }
    state.store.put(entry);
  }
}
