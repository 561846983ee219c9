import { dnKey, tryParseIdDn } from "./dn.ts";
import { type AssertionValue, type ComparisonOperator, matchValue, type Truth } from "./matching.ts";
import { type AttributeType, type AttributeValue, attributeType } from "./schema.ts";
import type { StoredEntry } from "./store.ts";

/*
 * `_queryFilter`: Common REST filters parsed, checked for what HDAP supports, and evaluated against an entry with
 * LDAP's three-valued logic.
 */

/** A parsed Common REST query filter. `field` is a JSON pointer split into its segments. */
export type QueryFilter =
  | { kind: "literal"; value: boolean }
  | { kind: "and" | "or"; filters: QueryFilter[] }
  | { kind: "not"; filter: QueryFilter }
  | { kind: "present"; field: string[] }
  | { kind: "compare"; field: string[]; operator: ComparisonOperator; value: AssertionValue }
  | { kind: "extended"; field: string[]; operator: string; value: AssertionValue };

/** A `_queryFilter` that does not parse; `position` is the 0-based offset of the offending token. */
export class QueryFilterSyntaxError extends Error {
  override name = "QueryFilterSyntaxError";
  readonly position: number;

  constructor(reason: string, position: number) {
    super(reason);
    this.position = position;
  }
}

type Token = { kind: "open" | "close"; position: number } | { kind: "word" | "string"; text: string; position: number };

const OPERATORS = new Set<string>(["eq", "co", "sw", "lt", "le", "gt", "ge"]);
const EXTENDED_OPERATOR = /^[A-Za-z0-9_.]+$/;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
// Common REST's parser refuses filters nested deeper than this.
const MAX_DEPTH = 256;

function readString(text: string, start: number): { token: Token; next: number } {
  const quote = text[start];
  let value = "";
  let index = start + 1;
  while (index < text.length) {
    const char = text[index] ?? "";
    if (char === quote) {
      return { token: { kind: "string", text: value, position: start }, next: index + 1 };
    }
    if (char === "\\") {
      const escaped = text[index + 1];
      if (escaped === undefined) {
        break;
      }
      value += escaped;
      index += 2;
      continue;
    }
    value += char;
    index++;
  }
  throw new QueryFilterSyntaxError(`the string starting here has no closing ${quote}`, start);
}

// Tokens are `(`, `)`, quoted strings (with `"` or `'`, a backslash escapes the next character) and words: runs of
// anything else up to white space or a parenthesis, as Common REST's tokenizer reads them.
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index] ?? "";
    if (/\s/.test(char)) {
      index++;
    } else if (char === "(" || char === ")") {
      tokens.push({ kind: char === "(" ? "open" : "close", position: index });
      index++;
    } else if (char === '"' || char === "'") {
      const { token, next } = readString(text, index);
      tokens.push(token);
      index = next;
    } else {
      const start = index;
      while (index < text.length && !/[\s()]/.test(text[index] ?? "")) {
        index++;
      }
      tokens.push({ kind: "word", text: text.slice(start, index), position: start });
    }
  }
  return tokens;
}

function parsePointer(token: Token): string[] {
  if (token.kind !== "word") {
    throw new QueryFilterSyntaxError("expected a field (a JSON pointer such as /sn, or a name)", token.position);
  }
  const relative = token.text.startsWith("/") ? token.text.slice(1) : token.text;
  const segments = relative.split("/").map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));
  if (segments.some((segment) => segment === "")) {
    throw new QueryFilterSyntaxError(`"${token.text}" is not a valid field`, token.position);
  }
  return segments;
}

function parseAssertionValue(token: Token | undefined, end: number): AssertionValue {
  if (token === undefined) {
    throw new QueryFilterSyntaxError("expected a value (a quoted string, a number, true or false)", end);
  }
  if (token.kind === "string") {
    return token.text;
  }
  if (token.kind === "word") {
    const lower = token.text.toLowerCase();
    if (lower === "true" || lower === "false") {
      return lower === "true";
    }
    if (NUMBER.test(token.text)) {
      return Number(token.text);
    }
  }
  throw new QueryFilterSyntaxError(
    "expected a value (a quoted string, a number, true or false); quote strings with \" or '",
    token.position,
  );
}

class Parser {
  readonly #tokens: Token[];
  readonly #end: number;
  #index = 0;

  constructor(tokens: Token[], end: number) {
    this.#tokens = tokens;
    this.#end = end;
  }

  parse(): QueryFilter {
    const filter = this.#or(0);
    const extra = this.#peek();
    if (extra) {
      throw new QueryFilterSyntaxError("unexpected text after the end of the filter", extra.position);
    }
    return filter;
  }

  #peek(): Token | undefined {
    return this.#tokens[this.#index];
  }

  #next(): Token | undefined {
    return this.#tokens[this.#index++];
  }

  #isKeyword(token: Token | undefined, keyword: string): boolean {
    return token?.kind === "word" && token.text.toLowerCase() === keyword;
  }

  #depth(depth: number): number {
    if (depth > MAX_DEPTH) {
      throw new QueryFilterSyntaxError(`the filter nests more than ${MAX_DEPTH} expressions`, 0);
    }
    return depth + 1;
  }

  #or(depth: number): QueryFilter {
    const filters = [this.#and(this.#depth(depth))];
    while (this.#isKeyword(this.#peek(), "or")) {
      this.#next();
      filters.push(this.#and(this.#depth(depth)));
    }
    return filters.length === 1 && filters[0] ? filters[0] : { kind: "or", filters };
  }

  #and(depth: number): QueryFilter {
    const filters = [this.#not(this.#depth(depth))];
    while (this.#isKeyword(this.#peek(), "and")) {
      this.#next();
      filters.push(this.#not(this.#depth(depth)));
    }
    return filters.length === 1 && filters[0] ? filters[0] : { kind: "and", filters };
  }

  #not(depth: number): QueryFilter {
    if (this.#isKeyword(this.#peek(), "!")) {
      this.#next();
      return { kind: "not", filter: this.#primary(this.#depth(depth)) };
    }
    return this.#primary(this.#depth(depth));
  }

  #primary(depth: number): QueryFilter {
    const token = this.#next();
    if (token === undefined) {
      throw new QueryFilterSyntaxError("the filter ends where an expression was expected", this.#end);
    }
    if (token.kind === "open") {
      const filter = this.#or(this.#depth(depth));
      const close = this.#next();
      if (close?.kind !== "close") {
        throw new QueryFilterSyntaxError("expected ')' to close the '(' here", token.position);
      }
      return filter;
    }
    if (token.kind === "close") {
      throw new QueryFilterSyntaxError("unexpected ')'", token.position);
    }
    if (this.#isKeyword(token, "true") || this.#isKeyword(token, "false")) {
      return { kind: "literal", value: this.#isKeyword(token, "true") };
    }
    const field = parsePointer(token);
    const operatorToken = this.#next();
    if (operatorToken?.kind !== "word") {
      throw new QueryFilterSyntaxError(
        `expected an operator (eq, co, sw, lt, le, gt, ge or pr) after "${token.kind === "word" ? token.text : ""}"`,
        operatorToken?.position ?? this.#end,
      );
    }
    const operator = operatorToken.text.toLowerCase();
    if (operator === "pr") {
      return { kind: "present", field };
    }
    if (!EXTENDED_OPERATOR.test(operatorToken.text)) {
      throw new QueryFilterSyntaxError(
        `"${operatorToken.text}" is not a valid filter operator`,
        operatorToken.position,
      );
    }
    const value = parseAssertionValue(this.#next(), this.#end);
    if (OPERATORS.has(operator)) {
      return { kind: "compare", field, operator: operator as ComparisonOperator, value };
    }
    return { kind: "extended", field, operator: operatorToken.text, value };
  }
}

/**
 * Parses a Common REST `_queryFilter`: `or`, `and`, `!`, parentheses, `<field> eq|co|sw|lt|le|gt|ge <value>`,
 * `<field> pr`, `true`, `false`. Fields are JSON pointers (`/sn`) or bare names (`sn`); values are strings in `"` or
 * `'` quotes (a backslash escapes the next character), numbers or booleans. Keywords and operators ignore case, as
 * Common REST's parser does; a `!` must stand apart (`! sn pr`, `!(sn pr)`).
 *
 * @throws {QueryFilterSyntaxError} with the position of the problem.
 */
export function parseQueryFilter(text: string): QueryFilter {
  return new Parser(tokenize(text), text.length).parse();
}

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
