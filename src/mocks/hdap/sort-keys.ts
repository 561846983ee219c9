import { type AttributeType, attributeType } from "./attribute-types.ts";
import type { AttributeValue } from "./attribute-value.ts";
import { formatLdapDn } from "./dn.ts";
import { compareForSort } from "./matching.ts";
import type { StoredEntry } from "./store.ts";

/** One `_sortKeys` key. */
export interface SortKey {
  field: string;
  descending: boolean;
}

/** Parses `_sortKeys` (`sn,-givenName`, `+` or `-` prefixes, fields as names or JSON pointers), or `undefined` if malformed. */
export function parseSortKeys(raw: string): SortKey[] | undefined {
  const keys: SortKey[] = [];
  for (const part of raw.split(",")) {
    const trimmed = part.trim();
    const descending = trimmed.startsWith("-");
    const field = trimmed.replace(/^[+-]/, "").replace(/^\//, "");
    if (field === "" || field.includes("/")) {
      return undefined;
    }
    keys.push({ field, descending });
  }
  return keys;
}

// Ascending takes an entry's smallest value, descending its largest; entries without the attribute come last either
// way, as LDAP's server-side sort (RFC 2891) treats a missing value as larger than any other.
function sortValue(entry: StoredEntry, key: SortKey, type: AttributeType): AttributeValue | undefined {
  if (key.field === "_id") {
    return formatLdapDn(entry.dn);
  }
  const values = type.syntax === "password" ? [] : [...(entry.attributes.get(type.key)?.values ?? [])];
  values.sort((a, b) => compareForSort(type, a, b));
  return key.descending ? values.at(-1) : values[0];
}

/** Sorts entries by the keys, stably (ties keep store order). */
export function sortEntries(entries: StoredEntry[], keys: SortKey[]): StoredEntry[] {
  // `_id` sorts as the LDAP DN string, ignoring case like any directory string (cn's rules).
  const types = keys.map((key) => (key.field === "_id" ? attributeType("cn") : attributeType(key.field)));
  return entries.toSorted((a, b) => {
    for (const [index, key] of keys.entries()) {
      const type = types[index] ?? attributeType(key.field);
      const [left, right] = [sortValue(a, key, type), sortValue(b, key, type)];
      if (left === undefined || right === undefined) {
        if (left !== right) {
          return left === undefined ? 1 : -1;
        }
        continue;
      }
      const order = compareForSort(type, left, right);
      if (order !== 0) {
        return key.descending ? -order : order;
      }
    }
    return 0;
  });
}
