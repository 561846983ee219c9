import { describe, expect, it } from "vitest";
import { contentLength, parseContentRange } from "../../src/binary/download.ts";

describe("contentLength", () => {
  it("reads a plain decimal Content-Length", () => {
    expect(contentLength(new Headers({ "content-length": "1234" }))).toBe(1234);
    expect(contentLength(new Headers({ "content-length": "0" }))).toBe(0);
    expect(contentLength(new Headers({ "content-length": "10", "content-encoding": "identity" }))).toBe(10);
  });

  it("is undefined when missing, malformed, unsafe, or describing an encoded body", () => {
    for (const value of ["", "-1", "1e3", "12abc", "0x10", "1.5", "99999999999999999999"]) {
      expect(contentLength(new Headers({ "content-length": value })), value).toBeUndefined();
    }
    expect(contentLength(new Headers())).toBeUndefined();
    for (const encoding of ["gzip", "br", "deflate", "gzip, identity"]) {
      expect(
        contentLength(new Headers({ "content-length": "10", "content-encoding": encoding })),
        encoding,
      ).toBeUndefined();
    }
  });
});

describe("parseContentRange", () => {
  it("reads byte ranges with a known or unknown total", () => {
    expect(parseContentRange("bytes 0-99/1000")).toEqual({ start: 0, end: 99, total: 1000 });
    expect(parseContentRange("BYTES 5-5/*")).toEqual({ start: 5, end: 5, total: undefined });
  });

  it("rejects unsatisfied, inverted, out-of-range, foreign-unit and multi-range values", () => {
    for (const header of [
      null,
      "",
      "bytes */1000",
      "bytes 10-5/100",
      "bytes 0-100/100",
      "items 0-1/2",
      "bytes 0-1/2, 4-5/6",
      "bytes 0-99999999999999999999/*",
    ]) {
      expect(parseContentRange(header), String(header)).toBeUndefined();
    }
  });
});
