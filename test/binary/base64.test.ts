import { Buffer } from "node:buffer";
import { describe, expect, it } from "vitest";
import { decodeBase64, encodeBase64, isBase64 } from "../../src/binary/base64.ts";
import { createBufferCodec } from "../../src/binary/base64-buffer.ts";
import {
  availableBase64Codecs,
  type Base64Codec,
  createFallbackCodec,
  createNativeCodec,
  selectedBase64Codec,
} from "../../src/binary/base64-codecs.ts";
import { BASE64_ALPHABET, findBase64Problem } from "../../src/binary/base64-validation.ts";
import { InvalidInputError } from "../../src/core/errors.ts";
import { INVALID_BASE64, VALID_BASE64 } from "./fixtures/base64-cases.ts";
import { randomBytes, randomInt, seededRandom } from "./fixtures/random.ts";

const MIB = 1024 * 1024;
const BOUNDARY_SIZES = [0, 1, 2, 3, 4, 5, 57, 76, 299, 300, 301, 3071, 3072, 3073, 65535, 65536, 65537, MIB];

const random = seededRandom(0xb17e);
const RANDOM_SIZES = Array.from({ length: 200 }, () => randomInt(random, 0, MIB));
// The fallback encodes with btoa, which Node implements in JavaScript at about 15 MiB/s (browsers, where the fallback
// runs, have a native one): in Node it gets sizes up to 64 KiB, so that the test stays far under its timeout on a
// loaded machine. The browser test compares it with the native codec up to 1 MiB, and the 5 MiB test below remains.
const FALLBACK_MAX_SIZE = 64 * 1024;
// Node 20-24 have no Uint8Array.fromBase64, so the native codec is absent here; the browser test runs it in Chromium.
const codecs = availableBase64Codecs();

/** What `codec` decodes `text` to, failing the test when it refuses a text that must be valid. */
function decodeValid(codec: Base64Codec, text: string): Uint8Array<ArrayBuffer> {
  const bytes = codec.decode(text);
  if (bytes === undefined) {
    expect.fail(`${codec.kind} refused valid base64 of length ${text.length}`);
  }
  return bytes;
}

describe("base64 codecs", () => {
  it("are offered native > Buffer > fallback, and the best one is selected", () => {
    const hasNative = typeof (Uint8Array as unknown as { fromBase64?: unknown }).fromBase64 === "function";
    expect(createNativeCodec() !== undefined).toBe(hasNative);
    expect(codecs.map((codec) => codec.kind)).toEqual(
      hasNative ? ["native", "buffer", "fallback"] : ["buffer", "fallback"],
    );
    expect(selectedBase64Codec().kind).toBe(hasNative ? "native" : "buffer");
  });

  for (const codec of codecs) {
    describe(`${codec.kind}`, () => {
      it("round-trips the boundary sizes and agrees with Buffer", () => {
        const data = randomBytes(seededRandom(1), MIB);
        for (const size of BOUNDARY_SIZES) {
          const bytes = data.subarray(0, size);
          const text = codec.encode(bytes);
          expect(text, `size ${size}`).toBe(Buffer.from(bytes).toString("base64"));
          expect(Buffer.from(decodeValid(codec, text)).equals(bytes), `size ${size}`).toBe(true);
        }
      });

      const maxSize = codec.kind === "fallback" ? FALLBACK_MAX_SIZE : MIB;
      it(`round-trips 200 random sizes up to ${maxSize / 1024} KiB`, () => {
        const data = randomBytes(seededRandom(2), MIB);
        for (const size of RANDOM_SIZES.map((size) => size % (maxSize + 1))) {
          // A random window, so views with a byteOffset are covered too.
          const start = randomInt(random, 0, MIB - size);
          const bytes = data.subarray(start, start + size);
          const text = codec.encode(bytes);
          expect(text.length).toBe(Math.ceil(size / 3) * 4);
          if (text !== Buffer.from(bytes).toString("base64")) {
            expect.fail(`${codec.kind} encoded ${size} bytes at ${start} differently from Buffer`);
          }
          const decoded = decodeValid(codec, text);
          if (!Buffer.from(decoded).equals(Buffer.from(bytes))) {
            expect.fail(`${codec.kind} did not round-trip ${size} bytes`);
          }
        }
      });

      it("decodes into a Uint8Array that owns exactly its buffer", () => {
        const decoded = decodeValid(codec, "AQID");
        expect(decoded.constructor).toBe(Uint8Array);
        expect(decoded.byteOffset).toBe(0);
        expect(decoded.buffer.byteLength).toBe(3);
        expect([...decoded]).toEqual([1, 2, 3]);
      });
    });
  }

  it("the fallback handles 5 MiB without stack overflow", () => {
    const bytes = randomBytes(seededRandom(3), 5 * MIB);
    const codec = createFallbackCodec();
    const text = codec.encode(bytes);
    expect(text).toBe(Buffer.from(bytes).toString("base64"));
    expect(Buffer.from(decodeValid(codec, text)).equals(Buffer.from(bytes))).toBe(true);
  });
});

describe("encodeBase64 / decodeBase64", () => {
  it("encode and decode the RFC 4648 §10 test vectors", () => {
    const vectors: Array<[string, string]> = [
      ["", ""],
      ["f", "Zg=="],
      ["fo", "Zm8="],
      ["foo", "Zm9v"],
      ["foob", "Zm9vYg=="],
      ["fooba", "Zm9vYmE="],
      ["foobar", "Zm9vYmFy"],
    ];
    for (const [plain, encoded] of vectors) {
      expect(encodeBase64(new TextEncoder().encode(plain))).toBe(encoded);
      expect(new TextDecoder().decode(decodeBase64(encoded))).toBe(plain);
    }
  });

  it("encodes a view without including bytes outside it, and a Buffer like any Uint8Array", () => {
    const whole = new Uint8Array([9, 9, 0xff, 0xd8, 0xff, 9]);
    expect(encodeBase64(whole.subarray(2, 5))).toBe("/9j/");
    expect(encodeBase64(Buffer.from([0xff, 0xd8, 0xff]))).toBe("/9j/");
  });

  for (const [label, text, position, reason] of INVALID_BASE64) {
    it(`rejects ${label} with INVALID_BASE64 at position ${position}, without echoing the input`, () => {
      expect(isBase64(text)).toBe(false);
      let caught: unknown;
      try {
        decodeBase64(text);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvalidInputError);
      const error = caught as InvalidInputError;
      expect(error.name).toBe("InvalidInputError");
      expect(error.code).toBe("INVALID_BASE64");
      expect(error.message).toContain(`position ${position}`);
      expect(error.message).toMatch(reason);
      expect(error.message).not.toContain(text);
    });
  }

  it("rejects what Buffer would silently accept", () => {
    // Buffer.from("QUJD*EVG", "base64") quietly drops the '*'; the strict decoder must not.
    expect(Buffer.from("QUJD*EVG", "base64").length).toBeGreaterThan(0);
    expect(() => decodeBase64("QUJD*EVG")).toThrow(InvalidInputError);
  });

  it("never echoes a long secret-looking input in the error", () => {
    const secret = `${"c2VjcmV0".repeat(1000)}!`;
    try {
      decodeBase64(secret);
      expect.fail("must throw");
    } catch (error) {
      expect((error as Error).message.length).toBeLessThan(200);
      expect((error as Error).message).not.toContain("c2VjcmV0");
      expect((error as Error).message).toContain("position 8000");
    }
  });

  it("accepts every canonical encoding", () => {
    expect(isBase64("")).toBe(true);
    expect(isBase64("QQ==")).toBe(true);
    expect(isBase64("QUE=")).toBe(true);
    expect(isBase64("+/+/")).toBe(true);
  });
});

describe("each codec's decode is strict by itself", () => {
  for (const codec of codecs) {
    describe(`${codec.kind}`, () => {
      it("refuses every rejection class of the validator, and decodes the valid texts exactly", () => {
        for (const [label, text] of INVALID_BASE64) {
          expect(codec.decode(text), label).toBeUndefined();
        }
        for (const [text, bytes] of VALID_BASE64) {
          expect([...decodeValid(codec, text)], text).toEqual(bytes);
        }
      });

      it("refuses each of the 65,536 UTF-16 code units outside the alphabet, in every position of a quantum", () => {
        const refused: number[] = [];
        for (let code = 0; code <= 0xffff; code++) {
          const char = String.fromCharCode(code);
          if (BASE64_ALPHABET.includes(char)) {
            continue;
          }
          const position = 4 + (code % 4);
          const text = `QUJDQUJDQUJD`.slice(0, position) + char + `QUJDQUJDQUJD`.slice(position + 1);
          // A two-byte string of the same characters, for the code units below 0x100 (Buffer reads it another way).
          const twoByte = `\u0100${text}`.slice(1);
          if (codec.decode(text) === undefined && codec.decode(twoByte) === undefined) {
            refused.push(code);
          } else {
            expect.fail(`${codec.kind} decoded U+${code.toString(16).padStart(4, "0")} at position ${position}`);
          }
          if (findBase64Problem(text)?.index !== position) {
            expect.fail(`the validator did not place U+${code.toString(16)} at position ${position}`);
          }
        }
        expect(refused.length).toBe(0x10000 - 64);
      });

      it("agrees with the validator on 3,000 mutated texts, and with Buffer on the ones it accepts", () => {
        const random = seededRandom(0x5eed);
        const pool = [...BASE64_ALPHABET.slice(0, 8), "=", "==", "-", "_", " ", "\n", "Ł", "é", "*", "\u012b", ""];
        for (let round = 0; round < 3000; round++) {
          let text = Buffer.from(randomBytes(random, randomInt(random, 0, 40))).toString("base64");
          for (let edit = randomInt(random, 1, 2); edit > 0; edit--) {
            const at = randomInt(random, 0, text.length);
            const cut = random() < 0.5 ? 1 : 0;
            text = text.slice(0, at) + (pool[randomInt(random, 0, pool.length - 1)] ?? "") + text.slice(at + cut);
          }
          const decoded = codec.decode(text);
          const problem = findBase64Problem(text);
          if ((decoded === undefined) !== (problem !== undefined)) {
            expect.fail(`${codec.kind} and the validator disagree on ${JSON.stringify(text)}`);
          }
          if (decoded && !Buffer.from(decoded).equals(Buffer.from(text, "base64"))) {
            expect.fail(`${codec.kind} decoded ${JSON.stringify(text)} differently from Buffer`);
          }
        }
      });
    });
  }
});

describe("the Buffer codec's probe", () => {
  // The Buffer codec trusts a decode that writes as many bytes as the text's length promises only because Node's
  // decoder skips (or stops at) foreign characters. A runtime whose Buffer reads some of them as values must not get it.
  function bufferWhoseDecoderReads(foreign: string, as: string) {
    return {
      from: Buffer.from.bind(Buffer),
      allocUnsafeSlow(size: number) {
        const target = Buffer.allocUnsafeSlow(size);
        return Object.assign(target, {
          write: (text: string, offset: number, length: number) =>
            Buffer.prototype.write.call(target, text.replaceAll(foreign, as), offset, length, "base64"),
        });
      },
    };
  }

  it("keeps Node's Buffer, which skips or stops at every foreign character", () => {
    expect(createBufferCodec()?.kind).toBe("buffer");
    expect(createBufferCodec(bufferWhoseDecoderReads("*", "*"))?.kind).toBe("buffer");
  });

  it("refuses a Buffer that reads a foreign character as a value, so that the fallback decodes instead", () => {
    for (const foreign of [".", "\u00e9", "\t", "=", "\u0000"]) {
      expect(createBufferCodec(bufferWhoseDecoderReads(foreign, "A")), JSON.stringify(foreign)).toBeUndefined();
    }
  });
});
