// Base64 in Node, in a fresh process: bytewire's encodeBase64/decodeBase64 (which validate strictly) against Node's
// Buffer (which does not validate), timed in CPU time. Prints the timings as one JSON line.
import { decodeBase64, encodeBase64 } from "../../src/binary/base64.ts";
import { type Base64Case, timeBase64 } from "./base64-timing.ts";

const { sizes, rounds } = JSON.parse(process.argv[2] ?? "{}") as { sizes: number[]; rounds: number };
const toBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const cases: Base64Case[] = [
  { operation: "decode", name: "bytewire decodeBase64 (validates)", run: (_, text) => decodeBase64(text) },
  { operation: "decode", name: 'Buffer.from(text, "base64")', run: (_, text) => Buffer.from(text, "base64") },
  { operation: "encode", name: "bytewire encodeBase64", run: (bytes) => encodeBase64(bytes) },
  { operation: "encode", name: 'buffer.toString("base64")', run: (bytes) => toBuffer(bytes).toString("base64") },
];
// CPU time (user + system, page faults included) of this single-threaded process.
const cpuMilliseconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
console.log(
  JSON.stringify(timeBase64(cases, sizes, rounds, (bytes) => toBuffer(bytes).toString("base64"), cpuMilliseconds)),
);
