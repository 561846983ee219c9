import { describe, expect, it } from "vitest";
import { decodeBase64 } from "../../src/binary/base64.ts";
import { availableBase64Codecs } from "../../src/binary/base64-codecs.ts";
import { BASE64_ALPHABET, findBase64Problem } from "../../src/binary/base64-validation.ts";
import { InvalidInputError } from "../../src/core/errors.ts";
import { INVALID_BASE64, VALID_BASE64 } from "./fixtures/base64-cases.ts";

// Chromium's native Uint8Array.fromBase64 (strict) skips ASCII whitespace; the native codec must still refuse it, and
// everything else the validator refuses, by itself.
describe("strict base64 decoding in Chromium", () => {
  for (const codec of availableBase64Codecs()) {
    it(`the ${codec.kind} codec refuses every rejection class and decodes the valid texts exactly`, () => {
      for (const [label, text] of INVALID_BASE64) {
        expect(codec.decode(text), label).toBeUndefined();
      }
      for (const [text, bytes] of VALID_BASE64) {
        expect([...(codec.decode(text) ?? [-1])], text).toEqual(bytes);
      }
    });

    it(`the ${codec.kind} codec refuses each UTF-16 code unit outside the alphabet, in every position`, () => {
      let refused = 0;
      for (let code = 0; code <= 0xffff; code++) {
        const char = String.fromCharCode(code);
        if (BASE64_ALPHABET.includes(char)) {
          continue;
        }
        const position = 4 + (code % 4);
        const text = "QUJDQUJDQUJD".slice(0, position) + char + "QUJDQUJDQUJD".slice(position + 1);
        if (codec.decode(text) !== undefined) {
          expect.fail(`${codec.kind} decoded U+${code.toString(16).padStart(4, "0")} at position ${position}`);
        }
        refused++;
      }
      expect(refused).toBe(0x10000 - 64);
    });
  }

  it("decodeBase64 reports each rejection where the validator places it", () => {
    for (const [label, text, position, reason] of INVALID_BASE64) {
      expect(() => decodeBase64(text), label).toThrow(InvalidInputError);
      expect(() => decodeBase64(text), label).toThrow(`position ${position}`);
      expect(findBase64Problem(text)?.reason, label).toMatch(reason);
    }
  });
});
