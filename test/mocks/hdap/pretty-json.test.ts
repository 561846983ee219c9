import { describe, expect, it } from "vitest";
import { prettyJson } from "../../../src/mocks/hdap/common-rest.ts";

describe("DS-style pretty JSON", () => {
  it("indents objects by two spaces with ' : ' and keeps arrays of scalars on one line", () => {
    expect(prettyJson({ _id: "uid=admin", cn: ["Admin", "Root"], n: 1, ok: true, none: null })).toBe(
      '{\n  "_id" : "uid=admin",\n  "cn" : [ "Admin", "Root" ],\n  "n" : 1,\n  "ok" : true,\n  "none" : null\n}',
    );
  });

  it("opens objects inside arrays on the array's line and nests them one level deeper", () => {
    expect(prettyJson({ result: [{ a: 1 }, { b: { c: [] } }], count: 2 })).toBe(
      [
        "{",
        '  "result" : [ {',
        '    "a" : 1',
        "  }, {",
        '    "b" : {',
        '      "c" : [ ]',
        "    }",
        "  } ],",
        '  "count" : 2',
        "}",
      ].join("\n"),
    );
  });

  it("writes empty objects and arrays with a space, escapes strings as JSON and drops undefined members", () => {
    expect(prettyJson({ empty: {}, list: [], text: 'a "b"\n', gone: undefined })).toBe(
      '{\n  "empty" : { },\n  "list" : [ ],\n  "text" : "a \\"b\\"\\n"\n}',
    );
  });
});
