import { describe, expect, it } from "vitest";
import { equalByteArrays } from "./bytes.ts";

// The setup files register equalByteArrays for every toEqual: a tester that said "equal" too often would let every
// byte-for-byte assertion of the suite pass whatever the code does.

const bytes = Uint8Array.from({ length: 200_000 }, (_, index) => (index * 31) % 251);

describe("toEqual on byte arrays", () => {
  it("holds for the same bytes, whatever buffer or offset holds them", () => {
    const padded = new Uint8Array(bytes.length + 16);
    padded.set(bytes, 7);
    expect(padded.subarray(7, 7 + bytes.length)).toEqual(bytes);
    expect({ body: bytes.slice() }).toEqual({ body: bytes });
    expect(new Uint8Array(0)).toEqual(new Uint8Array(0));
  });

  it("fails on one different byte, wherever it is", () => {
    for (const index of [0, 1, bytes.length >> 1, bytes.length - 1]) {
      const changed = bytes.slice();
      changed[index] = (changed[index] ?? 0) ^ 1;
      expect(changed).not.toEqual(bytes);
      expect({ body: changed }).not.toEqual({ body: bytes });
      expect(equalByteArrays(changed, bytes)).toBe(false);
    }
  });

  it("fails on a different length, even when one is the start of the other", () => {
    expect(bytes.subarray(0, bytes.length - 1)).not.toEqual(bytes);
    expect(bytes).not.toEqual(bytes.subarray(0, bytes.length - 1));
    expect(new Uint8Array(0)).not.toEqual(new Uint8Array(1));
  });

  it("leaves arrays of different classes, and other values, to vitest", () => {
    expect(equalByteArrays(Buffer.from(bytes), bytes)).toBeUndefined();
    expect(Buffer.from(bytes)).not.toEqual(bytes);
    expect(equalByteArrays(Array.from(bytes), bytes)).toBeUndefined();
    expect(Array.from(bytes.subarray(0, 4))).not.toEqual(bytes.subarray(0, 4));
    expect(equalByteArrays(new Uint8ClampedArray(4), new Uint8ClampedArray(4))).toBeUndefined();
    expect(equalByteArrays("a", "a")).toBeUndefined();
  });
});
