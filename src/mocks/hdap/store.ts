import { namedExample } from "../document/openapi.ts";
import { isProblem } from "../runtime/types.ts";
import { type Dn, dnKey, isBelow, parentDn, parseIdDn } from "./dn.ts";
import { buildNewEntry } from "./entry-writes.ts";
import type { HdapSeedEntry, HdapState } from "./index.ts";
import type { AttributeType, AttributeValue } from "./schema.ts";

/*
 * The directory in memory (entries by DN), the demo directory, and the seeding that stores it through the checks of a
 * create.
 */

/** One attribute of a stored entry: its type, the name answers use, and its values (never empty). */
export interface StoredAttribute {
  readonly type: AttributeType;
  /** The canonical name for a known attribute, the first-written spelling for another. */
  readonly name: string;
  readonly values: readonly AttributeValue[];
}

/** Attributes by their key (`attributeType(name).key`), in the order they were first written. */
export type AttributeMap = ReadonlyMap<string, StoredAttribute>;

/** One directory entry. Entries are replaced, never mutated, so a failed or dry-run write leaves no trace. */
export interface StoredEntry {
  /** The `_id` as it was written when the entry was created or renamed (case and escapes echoed). */
  readonly id: string;
  readonly dn: Dn;
  readonly rev: string;
  readonly attributes: AttributeMap;
  readonly uuid: string;
  readonly createdAt: number;
  readonly modifiedAt: number;
}

/** The directory: entries by DN, in creation order (the order LDAP searches return them). */
export class HdapStore {
  readonly #entries = new Map<string, StoredEntry>();

  /** The entry with this DN (compared as LDAP compares DNs). */
  get(dn: Dn): StoredEntry | undefined {
    return this.#entries.get(dnKey(dn));
  }

  /** Stores an entry, replacing the one with the same DN in place. */
  put(entry: StoredEntry): void {
    this.#entries.set(dnKey(entry.dn), entry);
  }

  /** Removes one entry (not its children); true when it existed. */
  delete(dn: Dn): boolean {
    return this.#entries.delete(dnKey(dn));
  }

  /** Every entry strictly below `dn`, in store order. */
  below(dn: Dn): StoredEntry[] {
    return [...this.#entries.values()].filter((entry) => isBelow(entry.dn, dn));
  }

  /** The entries directly below `dn`. */
  children(dn: Dn): StoredEntry[] {
    return this.below(dn).filter((entry) => entry.dn.rdns.length === dn.rdns.length + 1);
  }

  /** Removes every entry. */
  clear(): void {
    this.#entries.clear();
  }
}

/** The `_id` of Kirsten Vaughan, the demo account allowed to write other entries. */
export const KVAUGHAN_ID = "dc=com/dc=example/ou=People/uid=kvaughan";

/** The `_id` of the demo administrator. */
export const ADMIN_ID = "uid=admin";

function documentEntry(name: string): HdapSeedEntry {
  const value = namedExample(name);
  if (typeof value !== "object" || value === null || typeof (value as { _id?: unknown })._id !== "string") {
    throw new Error(`The document's example ${name} is not an HDAP entry.`);
  }
  return { ...(value as HdapSeedEntry) };
}

/**
 * The demo directory, parents first. Babs Jensen is the document's `hdap-bjensen-entry` example (with the seed's
 * 1 x 1 JPEG photo and her `_rev`), so the docs and the mock show the same entry; Kirsten Vaughan starts with the
 * revision the document's query example shows. Passwords are those of Ping's examples.
 */
export function hdapDemoEntries(): HdapSeedEntry[] {
  return [
    { _id: "dc=com", objectClass: ["top", "domain"], dc: "com" },
    { _id: "dc=com/dc=example", objectClass: ["top", "domain"], dc: "example" },
    {
      _id: "dc=com/dc=example/ou=People",
      objectClass: ["top", "organizationalUnit"],
      ou: "People",
      description: "Description on ou=People",
    },
    { ...documentEntry("hdap-bjensen-entry"), userPassword: "hifalutin" },
    {
      _id: KVAUGHAN_ID,
      _rev: "1c9a7e52-6d3b-3f04-9e21-8b5f0a4c2d63",
      objectClass: ["top", "person", "organizationalPerson", "inetOrgPerson"],
      cn: ["Kirsten Vaughan"],
      sn: ["Vaughan"],
      givenName: ["Kirsten"],
      uid: ["kvaughan"],
      mail: ["kvaughan@example.com"],
      telephoneNumber: ["+1 408 555 5625"],
      ou: ["Human Resources", "People"],
      l: ["Sunnyvale"],
      roomNumber: ["2871"],
      userPassword: "bribery",
    },
    {
      _id: ADMIN_ID,
      objectClass: ["top", "person", "organizationalPerson", "inetOrgPerson"],
      cn: ["Administrator"],
      sn: ["Administrator"],
      uid: ["admin"],
      userPassword: "password",
    },
  ];
}

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
