import { describe, expect, it } from "vitest";
import { parseQueryFilter, QueryFilterSyntaxError } from "../../../src/mocks/hdap/query-filter.ts";

function syntaxError(text: string): QueryFilterSyntaxError {
  try {
    parseQueryFilter(text);
  } catch (error) {
    if (error instanceof QueryFilterSyntaxError) {
      return error;
    }
    throw error;
  }
  throw new Error(`${text} parsed`);
}

describe("Common REST query filter parser", () => {
  it("parses literals, presence and every comparison operator, fields as pointers or names", () => {
    expect(parseQueryFilter("true")).toEqual({ kind: "literal", value: true });
    expect(parseQueryFilter("False")).toEqual({ kind: "literal", value: false });
    expect(parseQueryFilter("/photo pr")).toEqual({ kind: "present", field: ["photo"] });
    for (const operator of ["eq", "co", "sw", "lt", "le", "gt", "ge"]) {
      expect(parseQueryFilter(`sn ${operator.toUpperCase()} "x"`)).toEqual({
        kind: "compare",
        field: ["sn"],
        operator,
        value: "x",
      });
    }
  });

  it("reads strings in either quote with backslash escapes, numbers and booleans", () => {
    expect(parseQueryFilter("cn eq 'Babs \"B\" Jensen'")).toMatchObject({ value: 'Babs "B" Jensen' });
    expect(parseQueryFilter('cn eq "a\\\\b \\"c\\""')).toMatchObject({ value: 'a\\b "c"' });
    expect(parseQueryFilter('cn eq "  spaced ( ) and or "')).toMatchObject({ value: "  spaced ( ) and or " });
    expect(parseQueryFilter("gidNumber ge -1.5e3")).toMatchObject({ value: -1500 });
    expect(parseQueryFilter("flag eq TRUE")).toMatchObject({ value: true });
  });

  it("binds and tighter than or, ! to one primary, and honours parentheses", () => {
    expect(parseQueryFilter("a pr or b pr and ! c pr")).toEqual({
      kind: "or",
      filters: [
        { kind: "present", field: ["a"] },
        {
          kind: "and",
          filters: [
            { kind: "present", field: ["b"] },
            { kind: "not", filter: { kind: "present", field: ["c"] } },
          ],
        },
      ],
    });
    expect(parseQueryFilter("(a pr or b pr)and c pr")).toEqual({
      kind: "and",
      filters: [
        {
          kind: "or",
          filters: [
            { kind: "present", field: ["a"] },
            { kind: "present", field: ["b"] },
          ],
        },
        { kind: "present", field: ["c"] },
      ],
    });
    expect(parseQueryFilter("!(a pr)")).toEqual({ kind: "not", filter: { kind: "present", field: ["a"] } });
  });

  it("splits JSON pointers into segments and unescapes ~1 and ~0", () => {
    expect(parseQueryFilter("/json/a~1b~0c eq 1")).toMatchObject({ field: ["json", "a/b~c"] });
  });

  it("keeps extended operators for the caller to refuse", () => {
    expect(parseQueryFilter('sn regex "J.*"')).toEqual({
      kind: "extended",
      field: ["sn"],
      operator: "regex",
      value: "J.*",
    });
  });

  it("reports where a filter breaks", () => {
    expect(syntaxError("sn eq").position).toBe(5);
    expect(syntaxError('sn eq "Jensen').position).toBe(6);
    expect(syntaxError("sn eq Jensen").position).toBe(6);
    expect(syntaxError("(sn pr").position).toBe(0);
    expect(syntaxError("sn pr )").position).toBe(6);
    expect(syntaxError("sn <> 1").message).toContain("not a valid filter operator");
    expect(syntaxError("//sn pr").message).toContain("not a valid field");
    expect(syntaxError("").message).toContain("ends where an expression was expected");
    expect(syntaxError(`${"(".repeat(300)}a pr${")".repeat(300)}`).message).toContain("nests more than");
  });
});
