import { type AttributeType, attributeType } from "./attribute-types.ts";
import type { AttributeValue } from "./attribute-value.ts";
import { dnKey, tryParseIdDn } from "./dn.ts";
import { type AssertionValue, type ComparisonOperator, matchValue, type Truth } from "./matching.ts";
import type { QueryFilter } from "./query-filter.ts";
import type { StoredEntry } from "./store.ts";

/**
 * Why a parsed filter cannot run, or `undefined`: HDAP supports no extended operators, and `co`/`sw` do not work on
 * binary, DN (`_id`) or time fields (Ping's filter documentation). Ping does not show the answer; the mock refuses
 * such a filter with 400 rather than silently matching nothing (an assumption).
 */
export function unsupportedFilterPart(filter: QueryFilter): string | undefined {
  switch (filter.kind) {
    case "literal":
    case "present":
      return undefined;
    case "not":
      return unsupportedFilterPart(filter.filter);
    case "and":
    case "or":
      return filter.filters.map(unsupportedFilterPart).find((reason) => reason !== undefined);
    case "extended":
      return `the operator "${filter.operator}" is not supported`;
    case "compare": {
      if (filter.operator !== "co" && filter.operator !== "sw") {
        return undefined;
      }
      const [name = ""] = filter.field;
      const syntax = name === "_id" ? "dn" : attributeType(name).syntax;
      return syntax === "binary" || syntax === "dn" || syntax === "time"
        ? `"${filter.operator}" cannot be used on ${name}, a ${syntax === "dn" ? "DN" : syntax} field`
        : undefined;
    }
  }
}

// The values a field points at: the first segment names the attribute, further segments walk into JSON values.
function fieldValues(
  entry: StoredEntry,
  field: string[],
): { type: AttributeType; values: readonly AttributeValue[] } | undefined {
  const [name = "", ...path] = field;
  const type = attributeType(name);
  const attribute = entry.attributes.get(type.key);
  if (type.syntax === "password") {
    // Nobody may read passwords, so nobody may search on them: LDAP evaluates such a component as undefined.
    return undefined;
  }
  let values: readonly AttributeValue[] = attribute?.values ?? [];
  for (const segment of path) {
    values = values.flatMap((value) => {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return [];
      }
      const member = value[segment];
      return member === undefined || member === null ? [] : [member as AttributeValue];
    });
  }
  return { type, values };
}

function anyValue(values: readonly AttributeValue[], test: (value: AttributeValue) => Truth): Truth {
  let result: Truth = false;
  for (const value of values) {
    const truth = test(value);
    if (truth === true) {
      return true;
    }
    if (truth === undefined) {
      result = undefined;
    }
  }
  return result;
}

function matchId(entry: StoredEntry, operator: ComparisonOperator, value: AssertionValue): Truth {
  const asserted = typeof value === "string" ? tryParseIdDn(value) : undefined;
  return operator === "eq" && asserted ? dnKey(asserted) === dnKey(entry.dn) : undefined;
}

function compare(entry: StoredEntry, field: string[], operator: ComparisonOperator, value: AssertionValue): Truth {
  const [name = ""] = field;
  if (field.length === 1 && name === "_id") {
    return matchId(entry, operator, value);
  }
  if (field.length === 1 && name === "_rev") {
    return operator === "eq" ? entry.rev === value : undefined;
  }
  const found = fieldValues(entry, field);
  return found && anyValue(found.values, (stored) => matchValue(found.type, stored, operator, value));
}

/** Evaluates a filter against an entry with LDAP's three-valued logic; only `true` selects the entry. */
export function evaluateFilter(filter: QueryFilter, entry: StoredEntry): Truth {
  switch (filter.kind) {
    case "literal":
      return filter.value;
    case "present": {
      const [name = ""] = filter.field;
      if (filter.field.length === 1 && (name === "_id" || name === "_rev")) {
        return true;
      }
      const found = fieldValues(entry, filter.field);
      return found && found.values.length > 0;
    }
    case "compare":
      return compare(entry, filter.field, filter.operator, filter.value);
    case "extended":
      return undefined;
    case "not": {
      const truth = evaluateFilter(filter.filter, entry);
      return truth === undefined ? undefined : !truth;
    }
    case "and": {
      let result: Truth = true;
      for (const part of filter.filters) {
        const truth = evaluateFilter(part, entry);
        if (truth === false) {
          return false;
        }
        if (truth === undefined) {
          result = undefined;
        }
      }
      return result;
    }
    case "or": {
      let result: Truth = false;
      for (const part of filter.filters) {
        const truth = evaluateFilter(part, entry);
        if (truth === true) {
          return true;
        }
        if (truth === undefined) {
          result = undefined;
        }
      }
      return result;
    }
  }
}
