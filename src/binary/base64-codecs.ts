/**
 * The three ways this package turns bytes into base64 and back. Internal: the public functions in base64.ts pick one
 * at first use; tests run all of them against each other.
 */
export interface Base64Codec {
  /** Which implementation this is. */
  readonly kind: "native" | "buffer" | "fallback";
  /** Encodes bytes as padded standard base64. */
  encode(bytes: Uint8Array): string;
  /** Decodes text that {@link findBase64Problem} accepted; behaviour on other text is unspecified. */
  decode(text: string): Uint8Array<ArrayBuffer>;
}

interface NativeBase64Constructor {
  fromBase64(text: string, options: { alphabet: "base64"; lastChunkHandling: "strict" }): Uint8Array<ArrayBuffer>;
}
interface NativeBase64Array {
  toBase64(options: { alphabet: "base64" }): string;
}
interface BufferInstance {
  readonly buffer: ArrayBuffer;
  readonly byteOffset: number;
  toString(encoding: "base64"): string;
  write(text: string, offset: number, length: number, encoding: "base64"): number;
}
interface BufferConstructorLike {
  from(buffer: ArrayBufferLike, byteOffset: number, length: number): BufferInstance;
  allocUnsafeSlow(size: number): BufferInstance;
}

/** Number of bytes a valid padded base64 text decodes to. */
export function decodedLength(text: string): number {
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  return (text.length / 4) * 3 - padding;
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
    decode: (text) => fromBase64.call(Uint8Array, text, { alphabet: "base64", lastChunkHandling: "strict" }),
  };
}

/** Node's, Bun's or Deno's `Buffer`, found on `globalThis` (never imported, so browsers bundles stay clean). */
export function createBufferCodec(): Base64Codec | undefined {
  const buffer = (globalThis as { Buffer?: Partial<BufferConstructorLike> }).Buffer;
  if (typeof buffer?.from !== "function" || typeof buffer.allocUnsafeSlow !== "function") {
    return undefined;
  }
  const { from, allocUnsafeSlow } = buffer as BufferConstructorLike;
  return {
    kind: "buffer",
    encode: (bytes) => from.call(buffer, bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64"),
    decode: (text) => {
      // allocUnsafeSlow is never carved from Buffer's shared 8 KiB pool, so the result owns its whole ArrayBuffer and
      // `result.buffer` cannot expose other data.
      const length = decodedLength(text);
      const target = allocUnsafeSlow.call(buffer, length);
      const written = target.write(text, 0, length, "base64");
      return new Uint8Array(target.buffer, target.byteOffset, written);
    },
  };
}

// Multiples of 3 bytes / 4 characters, so that chunks encode and decode independently without padding in the middle;
// small enough for String.fromCharCode's argument list on every engine.
const ENCODE_CHUNK_BYTES = 3 * 8192;
const DECODE_CHUNK_CHARS = 4 * 8192;

/** `btoa`/`atob` over chunks: available everywhere, linear time, no deep call stacks. */
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
    decode: (text) => {
      const bytes = new Uint8Array(decodedLength(text));
      let offset = 0;
      for (let start = 0; start < text.length; start += DECODE_CHUNK_CHARS) {
        const binary = atob(text.slice(start, start + DECODE_CHUNK_CHARS));
        for (let index = 0; index < binary.length; index++) {
          bytes[offset++] = binary.charCodeAt(index);
        }
      }
      return bytes;
    },
  };
}

/** Every codec this runtime offers, best first; the last is always the fallback. */
export function availableBase64Codecs(): Base64Codec[] {
  return [createNativeCodec(), createBufferCodec(), createFallbackCodec()].filter(
    (codec): codec is Base64Codec => codec !== undefined,
  );
}

let selected: Base64Codec | undefined;

/** The codec the public functions use: native, else Buffer, else the fallback; chosen once. */
export function selectedBase64Codec(): Base64Codec {
  selected ??= createNativeCodec() ?? createBufferCodec() ?? createFallbackCodec();
  return selected;
}
