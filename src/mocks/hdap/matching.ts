import { dnKey, tryParseIdDn } from "./dn.ts";
import type { AttributeType, AttributeValue } from "./schema.ts";
import { caseIgnore, telephoneDigits } from "./schema.ts";

/** LDAP's three-valued filter result: a comparison the attribute cannot answer is `undefined`, not `false`. */
export type Truth = boolean | undefined;

/** The comparison operators of Common REST filters. */
export type ComparisonOperator = "eq" | "co" | "sw" | "lt" | "le" | "gt" | "ge";

/** A JSON literal of a filter. */
export type AssertionValue = string | number | boolean;

/** The key under which two values count as the same value of an attribute (its equality matching rule). */
export function equalityKey(type: AttributeType, value: AttributeValue): string {
  switch (type.syntax) {
    case "string":
    case "time":
      return typeof value === "string" ? caseIgnore(value) : JSON.stringify(value);
    case "telephone":
      return typeof value === "string" ? telephoneDigits(value) : JSON.stringify(value);
    case "dn": {
      const dn = typeof value === "string" ? tryParseIdDn(value) : undefined;
      return dn ? dnKey(dn) : JSON.stringify(value);
    }
    case "any":
      return typeof value === "string" ? `s:${caseIgnore(value)}` : `j:${JSON.stringify(value)}`;
    default:
      return JSON.stringify(value);
  }
}

function compareStrings(operator: ComparisonOperator, value: string, assertion: string): boolean {
  switch (operator) {
    case "eq":
      return value === assertion;
    case "co":
      return value.includes(assertion);
    case "sw":
      return value.startsWith(assertion);
    default:
      return compareOrdered(operator, value < assertion ? -1 : value > assertion ? 1 : 0);
  }
}

function compareOrdered(operator: ComparisonOperator, order: number): boolean {
  switch (operator) {
    case "lt":
      return order < 0;
    case "le":
      return order <= 0;
    case "gt":
      return order > 0;
    case "ge":
      return order >= 0;
    default:
      return order === 0;
  }
}

function numericAssertion(assertion: AssertionValue): number | undefined {
  if (typeof assertion === "number") {
    return assertion;
  }
  return typeof assertion === "string" && /^-?\d+(?:\.\d+)?$/.test(assertion.trim()) ? Number(assertion) : undefined;
}

function matchNumber(operator: ComparisonOperator, value: number, assertion: AssertionValue): Truth {
  const number = numericAssertion(assertion);
  if (number === undefined || operator === "co" || operator === "sw") {
    return undefined;
  }
  return compareOrdered(operator, value - number);
}

function matchBoolean(operator: ComparisonOperator, value: boolean, assertion: AssertionValue): Truth {
  const wanted =
    typeof assertion === "boolean"
      ? assertion
      : assertion === "true"
        ? true
        : assertion === "false"
          ? false
          : undefined;
  return operator === "eq" && wanted !== undefined ? value === wanted : undefined;
}

/**
 * Whether one value satisfies `value <operator> assertion` under the attribute's matching rules: strings ignore case
 * and extra spaces, telephone numbers also spaces and hyphens, DNs compare as DNs, binaries exactly (equality only),
 * numbers numerically. A comparison the rules do not define (ordering a boolean, an assertion of the wrong type) is
 * `undefined`.
 */
export function matchValue(
  type: AttributeType,
  value: AttributeValue,
  operator: ComparisonOperator,
  assertion: AssertionValue,
): Truth {
  if (typeof value === "number") {
    return matchNumber(operator, value, assertion);
  }
  if (typeof value === "boolean") {
    return matchBoolean(operator, value, assertion);
  }
  if (typeof value !== "string") {
    return operator === "eq" ? JSON.stringify(value) === JSON.stringify(assertion) : undefined;
  }
  const text = String(assertion);
  switch (type.syntax) {
    case "binary":
      return operator === "eq" ? value === text : undefined;
    case "dn": {
      const asserted = tryParseIdDn(text);
      const stored = tryParseIdDn(value);
      return operator === "eq" && asserted && stored ? dnKey(asserted) === dnKey(stored) : undefined;
    }
    case "password":
      return undefined;
    case "telephone":
      return compareStrings(operator, telephoneDigits(value), telephoneDigits(text));
    case "time":
      return compareStrings(operator, value, text);
    default:
      return compareStrings(operator, caseIgnore(value), caseIgnore(text));
  }
}

/** Orders two values for `_sortKeys` under the attribute's ordering rule (numbers numerically, strings ignoring case). */
export function compareForSort(type: AttributeType, a: AttributeValue, b: AttributeValue): number {
  if (typeof a === "number" && typeof b === "number") {
    return a - b;
  }
  const key = (value: AttributeValue) =>
    typeof value === "string"
      ? type.syntax === "telephone"
        ? telephoneDigits(value)
        : caseIgnore(value)
      : JSON.stringify(value);
  const [left, right] = [key(a), key(b)];
  return left < right ? -1 : left > right ? 1 : 0;
}
