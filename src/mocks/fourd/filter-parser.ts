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
