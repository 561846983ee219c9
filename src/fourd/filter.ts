import { InvalidInputError } from "../core/errors.ts";

/** A value {@link fourDFilter} can put into a query string. */
export type FourDFilterValue = string | number | boolean | Date | null;

/**
 * Writes one value of a 4D query: numbers and booleans bare, `null` as `null`, strings and dates in single quotes with
 * `'`, `"` and `\` written as `\u0027`, `\u0022`, `\u005C` (4D's escapes; a raw double quote would end `$filter`).
 * A `@` in a string stays a wildcard for `=`, as in 4D.
 *
 * @throws {InvalidInputError} `INVALID_FILTER_VALUE` for NaN, infinities, invalid dates and other types
 */
export function quoteFourDValue(value: FourDFilterValue): string {
  if (value === null) {
    return "null";
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw new InvalidInputError("INVALID_FILTER_VALUE", `A 4D filter number must be finite, got ${value}.`);
    }
    return String(value);
  }
  if (typeof value === "boolean") {
    return String(value);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new InvalidInputError("INVALID_FILTER_VALUE", "A 4D filter date must be a valid Date.");
    }
    return `'${value.toISOString()}'`;
  }
  if (typeof value !== "string") {
    throw new InvalidInputError(
      "INVALID_FILTER_VALUE",
      `A 4D filter value must be a string, number, boolean, Date or null, got ${typeof value}.`,
    );
  }
  return `'${value.replace(/['"\\]/g, (quote) => `\\u${quote.charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}`)}'`;
}

/**
 * Builds a `$filter` query string from a template: the text is written as is, every `${value}` is quoted and escaped
 * by {@link quoteFourDValue}, so a user's input can never change the query's structure. The client adds the double
 * quotes that surround `$filter` in the URL.
 *
 * @example
 * fourDFilter`department = ${"HR"} AND lastName begin ${"O'Br"}`;
 * // "department = 'HR' AND lastName begin 'O\u0027Br'"
 */
export function fourDFilter(text: TemplateStringsArray, ...values: FourDFilterValue[]): string {
  return text.reduce(
    (query, part, index) =>
      query + part + (index < values.length ? quoteFourDValue(values[index] as FourDFilterValue) : ""),
    "",
  );
}
