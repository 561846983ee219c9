import { isBase64 } from "../../binary/base64.ts";
import type { AttributeType } from "./attribute-types.ts";
import type { AttributeValue } from "./attribute-value.ts";
import { tryParseIdDn } from "./dn.ts";
import { equalityKey } from "./matching.ts";

function isScalar(value: unknown): value is Exclude<AttributeValue, unknown[]> {
  return (
    typeof value === "string" ||
    typeof value === "boolean" ||
    (typeof value === "number" && Number.isFinite(value)) ||
    (typeof value === "object" && value !== null && !Array.isArray(value))
  );
}

// Why one written value does not fit the attribute's syntax; messages name the attribute, never the value (it may be
// a password or a megabyte of base64).
function syntaxProblem(type: AttributeType, value: unknown): string | undefined {
  const name = type.name;
  switch (type.syntax) {
    case "string":
    case "telephone":
    case "password":
    case "time":
      if (typeof value !== "string") {
        return `${name} takes strings, not ${describe(value)}`;
      }
      return value.trim() === "" ? `${name} does not take an empty string` : undefined;
    case "binary":
      if (typeof value !== "string") {
        return `${name} takes base64 strings, not ${describe(value)}`;
      }
      return value !== "" && isBase64(value) ? undefined : `a value of ${name} is not valid base64 (RFC 4648, padded)`;
    case "dn":
      if (typeof value !== "string") {
        return `${name} takes HDAP identifiers (strings), not ${describe(value)}`;
      }
      return tryParseIdDn(value) ? undefined : `a value of ${name} is not a valid HDAP identifier (DN path)`;
    case "integer":
      return Number.isSafeInteger(value) ? undefined : `${name} takes integers (JSON numbers), not ${describe(value)}`;
    case "boolean":
      return typeof value === "boolean" ? undefined : `${name} takes true or false, not ${describe(value)}`;
    case "any":
      if (typeof value === "string" && value === "") {
        return `${name} does not take an empty string`;
      }
      return isScalar(value) || (Array.isArray(value) && value.length > 0 && value.every(isScalar))
        ? undefined
        : `${name} does not take ${describe(value)}`;
  }
}

function describe(value: unknown): string {
  if (value === null) {
    return "null";
  }
  if (Array.isArray(value)) {
    return "an array";
  }
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** The values of one attribute as a write gives them, checked and deduplicated, or the reason they are refused. */
export type WrittenValues = { values: AttributeValue[] } | { problem: string };

/**
 * Turns what a request writes into an attribute (`PUT` field, `PATCH` value) into its stored values: a scalar is one
 * value (HDAP accepts a scalar for a multi-valued attribute), `null` and `[]` are no values, duplicates under the
 * attribute's equality rule collapse (set semantics). Checks each value against the syntax, including base64 for
 * binary attributes, and refuses several values for a single-valued attribute.
 */
export function writtenValues(type: AttributeType, raw: unknown): WrittenValues {
  if (raw === null || raw === undefined) {
    return { values: [] };
  }
  // A top-level array lists the values; an unknown attribute's value may itself be an array (a postal address).
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  const values: AttributeValue[] = [];
  const seen = new Set<string>();
  for (const value of list) {
    const problem = syntaxProblem(type, value);
    if (problem !== undefined) {
      return { problem: `Invalid Attribute Syntax: ${problem}` };
    }
    const stored = value as AttributeValue;
    const key = equalityKey(type, stored);
    if (!seen.has(key)) {
      seen.add(key);
      values.push(stored);
    }
  }
  if (type.singleValued && values.length > 1) {
    return { problem: `Constraint Violation: ${type.name} is single-valued, but ${values.length} values were given` };
  }
  return { values };
}
