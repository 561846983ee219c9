import { Buffer } from "node:buffer";
import { describe, expect, it } from "vitest";
import { decodeBase64, encodeBase64, isBase64 } from "../../src/binary/base64.ts";
import {
  availableBase64Codecs,
  createFallbackCodec,
  createNativeCodec,
  selectedBase64Codec,
} from "../../src/binary/base64-codecs.ts";
import { InvalidInputError } from "../../src/binary/invalid-input-error.ts";
import { randomBytes, randomInt, seededRandom } from "./fixtures/random.ts";

const MIB = 1024 * 1024;
const BOUNDARY_SIZES = [0, 1, 2, 3, 4, 5, 57, 76, 299, 300, 301, 3071, 3072, 3073, 65535, 65536, 65537, MIB];

const random = seededRandom(0xb17e);
// Up to 64 KiB: two and more of the fallback's 24/32 KiB chunks, and small enough that 200 round trips stay far under the
// test's timeout on a busy machine (1 MiB itself is among the boundary sizes).
const RANDOM_MAX = 64 * 1024;
const RANDOM_SIZES = Array.from({ length: 200 }, () => randomInt(random, 0, RANDOM_MAX));
// Node 20-24 have no Uint8Array.fromBase64, so the native codec is absent here; the browser test runs it in Chromium.
const codecs = availableBase64Codecs();

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
          expect(Buffer.from(codec.decode(text)).equals(bytes), `size ${size}`).toBe(true);
        }
      });

      it("round-trips 200 random sizes up to 64 KiB", () => {
        const data = randomBytes(seededRandom(2), MIB);
        for (const size of RANDOM_SIZES) {
          // A random window, so views with a byteOffset are covered too.
          const start = randomInt(random, 0, MIB - size);
          const bytes = data.subarray(start, start + size);
          const text = codec.encode(bytes);
          expect(text.length).toBe(Math.ceil(size / 3) * 4);
          if (text !== Buffer.from(bytes).toString("base64")) {
            expect.fail(`${codec.kind} encoded ${size} bytes at ${start} differently from Buffer`);
          }
          const decoded = codec.decode(text);
          if (!Buffer.from(decoded).equals(Buffer.from(bytes))) {
            expect.fail(`${codec.kind} did not round-trip ${size} bytes`);
          }
        }
      });

      it("decodes into a Uint8Array that owns exactly its buffer", () => {
        const decoded = codec.decode("AQID");
        expect(decoded.constructor).toBe(Uint8Array);
        expect(decoded.byteOffset).toBe(0);
        expect(decoded.buffer.byteLength).toBe(3);
        expect([...decoded]).toEqual([1, 2, 3]);
      });
    });
  }

  // 2 MiB: far more bytes than any engine takes as call arguments (String.fromCharCode.apply on the whole input).
  it("the fallback handles 2 MiB without stack overflow", () => {
    const bytes = randomBytes(seededRandom(3), 2 * MIB);
    const codec = createFallbackCodec();
    const text = codec.encode(bytes);
    expect(text).toBe(Buffer.from(bytes).toString("base64"));
    expect(Buffer.from(codec.decode(text)).equals(Buffer.from(bytes))).toBe(true);
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

  const invalid: Array<[string, string, number, RegExp]> = [
    ["a bad character", "QUJD*EVG", 4, /outside the base64 alphabet/],
    ["base64url '-'", "QUJD-A==", 4, /base64url/],
    ["base64url '_'", "QUJD_A==", 4, /base64url/],
    ["whitespace", "QUJD\nREVG", 4, /whitespace/],
    ["a leading space", " QUJD", 0, /whitespace/],
    ["a non-ASCII character", "QUJDé0VG", 4, /non-ASCII/],
    ["padding in the middle", "QQ==QUJD", 2, /only allowed at the end/],
    ["three padding characters", "Q===", 1, /only allowed at the end/],
    ["only padding", "====", 0, /only allowed at the end/],
    ["missing padding", "QQ", 0, /not a multiple of 4/],
    ["a truncated quantum", "QUJDRA", 4, /not a multiple of 4/],
    ["too much length", "QUJDR", 4, /not a multiple of 4/],
    ["non-zero padding bits (2 '=')", "QR==", 1, /non-zero unused bits/],
    ["non-zero padding bits (1 '=')", "QUF=", 2, /non-zero unused bits/],
  ];
  for (const [label, text, position, reason] of invalid) {
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
