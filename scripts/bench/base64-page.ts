// Bundled by esbuild into a Chromium page (see base64-browser.ts): bytewire's base64 there, against the native
// Uint8Array.fromBase64 / toBase64 (which bytewire's native codec calls) and with bytewire's JavaScript fallback, the
// codec of browsers without native base64.
import { decodeBase64, encodeBase64 } from "../../src/binary/base64.ts";
import { createFallbackCodec } from "../../src/binary/base64-codecs.ts";
import { type Base64Case, type Base64Timing, timeBase64 } from "./base64-timing.ts";

interface NativeBase64 {
  fromBase64(text: string): Uint8Array;
}
type WithToBase64 = Uint8Array & { toBase64(): string };

function runBase64Bench(sizes: number[], rounds: number): Base64Timing[] {
  const native = Uint8Array as unknown as NativeBase64;
  const fallback = createFallbackCodec();
  const cases: Base64Case[] = [
    { operation: "decode", name: "bytewire decodeBase64 (validates)", run: (_, text) => decodeBase64(text) },
    { operation: "decode", name: "Uint8Array.fromBase64(text)", run: (_, text) => native.fromBase64(text) },
    {
      operation: "decode",
      name: "fallback codec (JavaScript, for browsers without native base64)",
      run: (_, text) => fallback.decode(text),
    },
    { operation: "encode", name: "bytewire encodeBase64", run: (bytes) => encodeBase64(bytes) },
    { operation: "encode", name: "bytes.toBase64()", run: (bytes) => (bytes as WithToBase64).toBase64() },
    { operation: "encode", name: "fallback codec (chunked btoa)", run: (bytes) => fallback.encode(bytes) },
  ];
  return timeBase64(cases, sizes, rounds, (bytes) => (bytes as WithToBase64).toBase64());
}

(globalThis as { runBase64Bench?: typeof runBase64Bench }).runBase64Bench = runBase64Bench;
