import type { AttributeType } from "./attribute-types.ts";
import type { AttributeValue } from "./attribute-value.ts";
import { type Dn, dnKey, isBelow } from "./dn.ts";

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
