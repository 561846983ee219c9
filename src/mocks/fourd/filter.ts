import {
  type DataClassModel,
  type FourDAttributeKind,
  isBinaryKind,
  type StoredEntity,
  type StoredValue,
} from "./store.ts";

/*
 * `$filter`: 4D query strings parsed, then turned into a predicate over a dataclass's entities (text compared without
 * case or accents).
 */

/**
 * A string as 4D compares query data: neither case- nor diacritic-sensitive (`Lefèvre` equals `lefevre`). Names of
 * dataclasses and attributes stay case-sensitive; only values go through this.
 */
export function textKey(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** The comparators of a `$filter`; `==` is `=`, `===` and `!==` compare without the `@` wildcard. */
export type FilterComparator = "=" | "==" | "===" | "!=" | "!==" | "<" | "<=" | ">" | ">=" | "begin";

/** How two criteria are joined; `&`/`&&` are AND and `|`/`||` are OR, as in 4D's query strings. */
export type FilterConjunction = "AND" | "OR" | "EXCEPT";

/** A value as written: a constant (bare or in single quotes) or a `:1` placeholder filled from `$params`. */
export type FilterValue = { kind: "constant"; text: string; quoted: boolean } | { kind: "placeholder"; index: number };

/** A parsed `$filter`. */
export type FilterNode =
  | { kind: "comparison"; attribute: string; comparator: FilterComparator; value: FilterValue }
  | { kind: "junction"; conjunction: FilterConjunction; left: FilterNode; right: FilterNode };

/** A `$filter` that cannot be read; the message says where. */
export class FilterSyntaxError extends Error {
  override readonly name = "FilterSyntaxError";
}

const SYMBOLS: readonly FilterComparator[] = ["===", "!==", "==", "!=", ">=", "<=", "=", ">", "<"];
const CONJUNCTION_SYMBOLS: readonly [string, FilterConjunction][] = [
  ["&&", "AND"],
  ["||", "OR"],
  ["&", "AND"],
  ["|", "OR"],
];
const ATTRIBUTE = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
const PLACEHOLDER = /:(\d+)/y;
const BEGIN = /begin(?=[\s':])/iy;
const CONJUNCTION_WORD = /(AND|OR|EXCEPT)(?=[\s(]|$)/iy;
const VALUE_END = /[\s)&|]/;

function decodeEscapes(text: string): string {
  return text.replace(/\\u([0-9A-Fa-f]{4})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/**
 * Reads a 4D query string (the `$filter` value without its surrounding double quotes):
 * `attribute comparator value`, joined by AND, OR or EXCEPT (or `&`, `|`), grouped with parentheses. String values
 * are bare (`firstName=john`, ending at a space or `)`) or in single quotes (`department='HR'`); `\u0027` and
 * `\u0022` stand for quotes. Conjunctions have no precedence over each other: like 4D's query editor, criteria are
 * combined from left to right (`a OR b AND c` is `(a OR b) AND c`), and parentheses group.
 */
export function parseFilter(expression: string): FilterNode {
  if (expression.includes('"')) {
    throw new FilterSyntaxError("a double quote inside $filter must be written \\u0022");
  }
  const parser = new Parser(expression);
  const node = parser.expression();
  parser.expectEnd();
  return node;
}

class Parser {
  readonly #text: string;
  #at = 0;

  constructor(text: string) {
    this.#text = text;
  }

  expression(): FilterNode {
    let node = this.#term();
    for (;;) {
      this.#skipSpaces();
      if (this.#at >= this.#text.length || this.#text[this.#at] === ")") {
        return node;
      }
      const conjunction = this.#conjunction();
      node = { kind: "junction", conjunction, left: node, right: this.#term() };
    }
  }

  expectEnd(): void {
    this.#skipSpaces();
    if (this.#at < this.#text.length) {
      throw this.#error(`unexpected "${this.#text[this.#at]}"`);
    }
  }

  #term(): FilterNode {
    this.#skipSpaces();
    if (this.#text[this.#at] === "(") {
      this.#at++;
      const node = this.expression();
      this.#skipSpaces();
      if (this.#text[this.#at] !== ")") {
        throw this.#error('expected ")"');
      }
      this.#at++;
      return node;
    }
    return this.#comparison();
  }

  #comparison(): FilterNode {
    if (this.#text[this.#at] === ":") {
      throw this.#error("placeholders for attribute names are not supported by the mock");
    }
    const attribute = this.#match(ATTRIBUTE);
    if (attribute === undefined) {
      throw this.#error("expected an attribute name");
    }
    this.#skipSpaces();
    const comparator = this.#comparator();
    if (comparator === undefined) {
      throw this.#error(`expected a comparator (=, !=, >, >=, <, <=, begin) after "${attribute}"`);
    }
    this.#skipSpaces();
    return { kind: "comparison", attribute, comparator, value: this.#value() };
  }

  #comparator(): FilterComparator | undefined {
    const symbol = SYMBOLS.find((candidate) => this.#text.startsWith(candidate, this.#at));
    if (symbol !== undefined) {
      this.#at += symbol.length;
      return symbol;
    }
    return this.#match(BEGIN) === undefined ? undefined : "begin";
  }

  #value(): FilterValue {
    const placeholder = this.#match(PLACEHOLDER);
    if (placeholder !== undefined) {
      this.#expectValueEnd();
      return { kind: "placeholder", index: Number(placeholder.slice(1)) };
    }
    if (this.#text[this.#at] === "'") {
      const close = this.#text.indexOf("'", this.#at + 1);
      if (close < 0) {
        throw this.#error("a value in single quotes is not closed");
      }
      const text = this.#text.slice(this.#at + 1, close);
      this.#at = close + 1;
      if (this.#at < this.#text.length && !VALUE_END.test(this.#text[this.#at] ?? "")) {
        throw this.#error("a quote inside a quoted value must be written \\u0027 (or passed through $params)");
      }
      return { kind: "constant", text: decodeEscapes(text), quoted: true };
    }
    const start = this.#at;
    while (this.#at < this.#text.length && !VALUE_END.test(this.#text[this.#at] ?? "")) {
      this.#at++;
    }
    if (this.#at === start) {
      throw this.#error("expected a value");
    }
    return { kind: "constant", text: decodeEscapes(this.#text.slice(start, this.#at)), quoted: false };
  }

  #conjunction(): FilterConjunction {
    const symbol = CONJUNCTION_SYMBOLS.find(([candidate]) => this.#text.startsWith(candidate, this.#at));
    if (symbol !== undefined) {
      this.#at += symbol[0].length;
      return symbol[1];
    }
    const word = this.#match(CONJUNCTION_WORD);
    if (word === undefined) {
      throw this.#error("expected AND, OR or EXCEPT (put values that contain spaces in single quotes)");
    }
    return word.toUpperCase() as FilterConjunction;
  }

  #expectValueEnd(): void {
    if (this.#at < this.#text.length && !VALUE_END.test(this.#text[this.#at] ?? "")) {
      throw this.#error("unexpected characters after a placeholder");
    }
  }

  #match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.#at;
    const found = pattern.exec(this.#text);
    if (!found) {
      return undefined;
    }
    this.#at += found[0].length;
    return found[0];
  }

  #skipSpaces(): void {
    while (this.#at < this.#text.length && /\s/.test(this.#text[this.#at] ?? "")) {
      this.#at++;
    }
  }

  #error(message: string): FilterSyntaxError {
    return new FilterSyntaxError(`$filter: ${message} at position ${this.#at + 1}`);
  }
}

/** Whether an entity belongs to the selection. */
export type EntityPredicate = (entity: StoredEntity) => boolean;

/** A `$filter` that parses but cannot be applied to this dataclass: an unknown attribute or a value of the wrong type. */
export class FilterMeaningError extends Error {
  override readonly name = "FilterMeaningError";
  /** Set when the cause is an unknown attribute (4D's errCode 1500). */
  readonly unknownAttribute: string | undefined;

  constructor(message: string, unknownAttribute?: string) {
    super(message);
    this.unknownAttribute = unknownAttribute;
  }
}

/** A value to compare with, converted to the attribute's type. */
type Operand =
  | { type: "null" }
  | { type: "text"; key: string; pattern: RegExp | undefined }
  | { type: "number"; value: number }
  | { type: "boolean"; value: boolean };

/** `@` is 4D's wildcard for `=`, `==` and `!=`; `===` and `!==` take it literally. */
const WILDCARD_COMPARATORS = new Set<FilterComparator>(["=", "==", "!="]);
const EQUALS = new Set<FilterComparator>(["=", "==", "==="]);
const NOT_EQUALS = new Set<FilterComparator>(["!=", "!=="]);

type Scalar = string | number | boolean | null;

function wildcardPattern(key: string): RegExp {
  const source = key
    .split("@")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`, "s");
}

function describe(value: Scalar): string {
  return typeof value === "string" ? `"${value}"` : String(value);
}

function placeholderValue(
  value: FilterValue & { kind: "placeholder" },
  params: readonly unknown[] | undefined,
): Scalar {
  if (params === undefined) {
    throw new FilterMeaningError(`$filter uses :${value.index} but no $params are given`);
  }
  const found = params[value.index - 1];
  if (value.index < 1 || value.index > params.length) {
    throw new FilterMeaningError(`$filter uses :${value.index} but $params has ${params.length} values`);
  }
  if (found === null || typeof found === "string" || typeof found === "number" || typeof found === "boolean") {
    return found;
  }
  throw new FilterMeaningError(`$params value ${value.index} must be a string, a number, a boolean or null`);
}

// A constant is typed by the attribute it is compared with: 4D converts query values to the attribute's type. Only a
// bare `null` is the null constant; `'null'` in quotes is text.
function operandFor(
  kind: FourDAttributeKind,
  attribute: string,
  comparator: FilterComparator,
  raw: Scalar,
  bareNull: boolean,
): Operand {
  if (raw === null || bareNull) {
    return { type: "null" };
  }
  if (isBinaryKind(kind)) {
    throw new FilterMeaningError(`the ${kind} attribute "${attribute}" can only be compared with null`);
  }
  switch (kind) {
    case "string": {
      const key = textKey(String(raw));
      const pattern = WILDCARD_COMPARATORS.has(comparator) && key.includes("@") ? wildcardPattern(key) : undefined;
      return { type: "text", key, pattern };
    }
    case "number": {
      const value =
        typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : Number.NaN;
      if (!Number.isFinite(value)) {
        throw new FilterMeaningError(`${describe(raw)} is not a number, and "${attribute}" is a number attribute`);
      }
      return { type: "number", value };
    }
    case "boolean": {
      const text = String(raw).toLowerCase();
      if (text !== "true" && text !== "false") {
        throw new FilterMeaningError(
          `${describe(raw)} is not true or false, and "${attribute}" is a boolean attribute`,
        );
      }
      return { type: "boolean", value: text === "true" };
    }
  }
}

function checkComparator(comparator: FilterComparator, operand: Operand, attribute: string): void {
  const equality = EQUALS.has(comparator) || NOT_EQUALS.has(comparator);
  if ((operand.type === "null" || operand.type === "boolean") && !equality) {
    throw new FilterMeaningError(
      `"${attribute}" can only be compared with = or != to ${operand.type === "null" ? "null" : "a boolean"}`,
    );
  }
  if (comparator === "begin" && operand.type !== "text") {
    throw new FilterMeaningError(`begin compares text, and "${attribute}" is not a text attribute`);
  }
}

function order(left: string | number, right: string | number): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function compare(value: StoredValue, comparator: FilterComparator, operand: Operand): boolean {
  if (operand.type === "null") {
    return EQUALS.has(comparator) === (value === null);
  }
  if (value === null || typeof value === "object") {
    return NOT_EQUALS.has(comparator);
  }
  let left: string | number | boolean;
  let right: string | number | boolean;
  if (operand.type === "text") {
    const key = textKey(String(value));
    if (comparator === "begin") {
      return key.startsWith(operand.key);
    }
    if (operand.pattern && (comparator === "=" || comparator === "==" || comparator === "!=")) {
      return operand.pattern.test(key) !== (comparator === "!=");
    }
    left = key;
    right = operand.key;
  } else {
    left = value;
    right = operand.value;
  }
  if (EQUALS.has(comparator)) {
    return left === right;
  }
  if (NOT_EQUALS.has(comparator)) {
    return left !== right;
  }
  const sign = order(left as string | number, right as string | number);
  switch (comparator) {
    case "<":
      return sign < 0;
    case "<=":
      return sign <= 0;
    case ">":
      return sign > 0;
    default:
      return sign >= 0;
  }
}

/**
 * Turns a parsed `$filter` into a predicate over the dataclass's entities, filling placeholders from `$params`.
 * Throws {@link FilterMeaningError} for an unknown attribute (relation and object paths are not modelled), a missing
 * placeholder, or a value that does not fit the attribute's type.
 */
export function compileFilter(
  node: FilterNode,
  model: DataClassModel,
  params: readonly unknown[] | undefined,
): EntityPredicate {
  if (node.kind === "junction") {
    const left = compileFilter(node.left, model, params);
    const right = compileFilter(node.right, model, params);
    switch (node.conjunction) {
      case "AND":
        return (entity) => left(entity) && right(entity);
      case "OR":
        return (entity) => left(entity) || right(entity);
      case "EXCEPT":
        return (entity) => left(entity) && !right(entity);
    }
  }
  const { attribute, comparator, value } = node;
  const kind = model.attributes.get(attribute);
  if (kind === undefined) {
    throw new FilterMeaningError(`$filter names the unknown attribute "${attribute}"`, attribute);
  }
  const raw = value.kind === "placeholder" ? placeholderValue(value, params) : value.text;
  const bareNull = value.kind === "constant" && !value.quoted && value.text === "null";
  const operand = operandFor(kind, attribute, comparator, raw, bareNull);
  checkComparator(comparator, operand, attribute);
  return (entity) => compare(entity.values.get(attribute) ?? null, comparator, operand);
}
