import type { components } from "../../../generated/schema.ts";
import { attributeType } from "./attribute-types.ts";
import type { AttributeValue } from "./attribute-value.ts";
import type { StoredEntry } from "./store.ts";

type HdapEntry = components["schemas"]["HdapEntry"];

/** Which fields an answer carries, from `_fields`. */
export interface FieldSelection {
  /** No `_fields`: every non-empty user attribute. */
  allUserAttributes: boolean;
  /** `+` was named: every operational attribute. */
  allOperational: boolean;
  /** Attribute keys named explicitly. */
  keys: Set<string>;
}

/**
 * Reads `_fields`: comma-separated attribute names or JSON pointers (`/cn`, the first segment counts), `+` for every
 * operational attribute. `_id` and `_rev` are always answered, as the seed's `_fields=photo` read shows.
 */
export function parseFields(query: URLSearchParams): FieldSelection {
  const raw = query.get("_fields");
  if (raw === null) {
    return { allUserAttributes: true, allOperational: false, keys: new Set() };
  }
  const selection: FieldSelection = { allUserAttributes: false, allOperational: false, keys: new Set() };
  for (const part of raw.split(",")) {
    const name = part.trim().replace(/^\//, "").split("/")[0] ?? "";
    if (name === "+") {
      selection.allOperational = true;
    } else if (name !== "" && name !== "_id" && name !== "_rev") {
      selection.keys.add(attributeType(name).key);
    }
  }
  return selection;
}

function isoSeconds(milliseconds: number): string {
  return new Date(milliseconds).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The operational attributes the server maintains for an entry, computed when asked for. */
function serverAttributes(entry: StoredEntry, subordinates: number): [name: string, value: AttributeValue][] {
  return [
    ["createTimestamp", isoSeconds(entry.createdAt)],
    ["modifyTimestamp", isoSeconds(entry.modifiedAt)],
    ["entryUUID", entry.uuid],
    ["etag", entry.rev],
    ["hasSubordinates", subordinates > 0],
    ["numSubordinates", subordinates],
  ];
}

/**
 * An entry as HDAP answers it: `_id`, `_rev`, then the selected attributes, multi-valued ones as arrays and
 * single-valued ones as scalars. Password attributes are never answered, to anyone.
 */
export function entryView(entry: StoredEntry, fields: FieldSelection, subordinates: number): HdapEntry {
  const view: HdapEntry = { _id: entry.id, _rev: entry.rev };
  const wanted = (key: string, operational: boolean) =>
    fields.keys.has(key) || (operational ? fields.allOperational : fields.allUserAttributes);
  for (const attribute of entry.attributes.values()) {
    const { type } = attribute;
    if (type.syntax === "password" || !wanted(type.key, type.operational) || attribute.values.length === 0) {
      continue;
    }
    view[attribute.name] = type.singleValued ? (attribute.values[0] ?? null) : [...attribute.values];
  }
  for (const [name, value] of serverAttributes(entry, subordinates)) {
    if (wanted(attributeType(name).key, true)) {
      view[name] = value;
    }
  }
  return view;
}
