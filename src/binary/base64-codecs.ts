import { createBufferCodec } from "#platform";
import { BASE64_ALPHABET, canonicalPadding, WIDE_CHARACTER } from "./base64-validation.ts";

/**
 * The three ways this package turns bytes into base64 and back. Internal: the public functions in base64.ts pick one
 * at first use; tests run all of them against each other.
 *
 * Each decode is strict by itself, with the check fused into the decode rather than a scan before it: a scan of the
 * text costs several times what a native decode does.
 */
export interface Base64Codec {
  /** Which implementation this is. */
  readonly kind: "native" | "buffer" | "fallback";
  /** Encodes bytes as padded standard base64. */
  encode(bytes: Uint8Array): string;
  /**
   * Decodes text that is strict standard base64 as {@link findBase64Problem} defines it, into a new `Uint8Array` that
   * owns its buffer; returns undefined for any other text (findBase64Problem then says where and why).
   */
  decode(text: string): Uint8Array<ArrayBuffer> | undefined;
}

interface NativeBase64Constructor {
  fromBase64(text: string, options: { alphabet: "base64"; lastChunkHandling: "strict" }): Uint8Array<ArrayBuffer>;
}
interface NativeBase64Array {
  toBase64(options: { alphabet: "base64" }): string;
}
/** `Uint8Array.fromBase64` / `toBase64` (TC39; in current Chromium, not in Node 20-24), or undefined. */
export function createNativeCodec(): Base64Codec | undefined {
  const arrayClass = Uint8Array as unknown as Partial<NativeBase64Constructor>;
  const prototype = Uint8Array.prototype as unknown as Partial<NativeBase64Array>;
  const fromBase64 = arrayClass.fromBase64;
  if (typeof fromBase64 !== "function" || typeof prototype.toBase64 !== "function") {
    return undefined;
  }
  return {
    kind: "native",
    encode: (bytes) => (bytes as unknown as NativeBase64Array).toBase64({ alphabet: "base64" }),
    decode: (text) => {
      const padding = canonicalPadding(text);
      if (padding < 0) {
        return undefined;
      }
      let bytes: Uint8Array<ArrayBuffer>;
      try {
        // "strict" refuses everything findBase64Problem does but ASCII whitespace, which it skips: a text holding
        // some decodes to fewer bytes than its length promises.
        bytes = fromBase64.call(Uint8Array, text, { alphabet: "base64", lastChunkHandling: "strict" });
      } catch {
        return undefined;
      }
      return bytes.length === (text.length / 4) * 3 - padding ? bytes : undefined;
    },
  };
}

// Multiples of 3 bytes, so that chunks encode independently without padding in the middle; small enough for
// String.fromCharCode's argument list on every engine.
const ENCODE_CHUNK_BYTES = 3 * 8192;

// Each character's value pre-shifted to its place in a 4-character group's 24 bits, and -1 (every bit, the sign bit
// included) for a character outside the alphabet, so that OR-ing the four lookups gives the group's bits, or a
// negative number when any character is bad. Indexed by character codes below 0x100.
const GROUP_BITS = [18, 12, 6, 0].map((shift) => {
  const table = new Int32Array(0x100).fill(-1);
  for (let value = 0; value < 64; value++) {
    table[BASE64_ALPHABET.charCodeAt(value)] = value << shift;
  }
  return table;
});

/**
 * Decodes and validates in one pass: a table lookup per character. About twice as fast as the `atob` chunks it
 * replaced, which also needed a validating scan first.
 */
function decodeWithTables(text: string): Uint8Array<ArrayBuffer> | undefined {
  const padding = canonicalPadding(text);
  if (padding < 0 || WIDE_CHARACTER.test(text)) {
    return undefined;
  }
  const [first, second, third, fourth] = GROUP_BITS as [Int32Array, Int32Array, Int32Array, Int32Array];
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  // The last group, when padded, has its '=' read as value 0 and then checked: `=` may stand only where padding is.
  const whole = padding > 0 ? text.length - 4 : text.length;
  let all = 0;
  let offset = 0;
  for (let index = 0; index < whole; index += 4) {
    const bits =
      (first[text.charCodeAt(index)] as number) |
      (second[text.charCodeAt(index + 1)] as number) |
      (third[text.charCodeAt(index + 2)] as number) |
      (fourth[text.charCodeAt(index + 3)] as number);
    all |= bits;
    bytes[offset] = bits >> 16;
    bytes[offset + 1] = bits >> 8;
    bytes[offset + 2] = bits;
    offset += 3;
  }
  if (padding > 0) {
    const bits =
      (first[text.charCodeAt(whole)] as number) |
      (second[text.charCodeAt(whole + 1)] as number) |
      (padding === 1 ? (third[text.charCodeAt(whole + 2)] as number) : 0);
    all |= bits;
    bytes[offset] = bits >> 16;
    if (padding === 1) {
      bytes[offset + 1] = bits >> 8;
    }
  }
  return all < 0 ? undefined : bytes;
}

/** Table lookups to decode and chunked `btoa` to encode: available everywhere, linear time, no deep call stacks. */
export function createFallbackCodec(): Base64Codec {
  return {
    kind: "fallback",
    encode: (bytes) => {
      const parts: string[] = [];
      for (let start = 0; start < bytes.length; start += ENCODE_CHUNK_BYTES) {
        const chunk = bytes.subarray(start, start + ENCODE_CHUNK_BYTES);
        parts.push(btoa(String.fromCharCode.apply(null, chunk as unknown as number[])));
      }
      return parts.join("");
    },
    decode: decodeWithTables,
  };
}

/** Every codec this runtime offers, best first; the last is always the fallback. */
export function availableBase64Codecs(): Base64Codec[] {
  return [createNativeCodec(), createBufferCodec?.(), createFallbackCodec()].filter(
    (codec): codec is Base64Codec => codec !== undefined,
  );
}

let selected: Base64Codec | undefined;

/** The codec the public functions use: native, else Buffer (outside browsers), else the fallback; chosen once. */
export function selectedBase64Codec(): Base64Codec {
  selected ??= createNativeCodec() ?? createBufferCodec?.() ?? createFallbackCodec();
  return selected;
}
