import { randomBytes } from "node:crypto";
// Base64 figures for the benchmark: each codec the SDK may pick (native toBase64 where the runtime has it, Buffer,
// the chunked btoa fallback for browsers without either), plus the strict validation every decode runs first.

import { decodeBase64, encodeBase64 } from "../../src/binary/base64.ts";
import { availableBase64Codecs } from "../../src/binary/base64-codecs.ts";

const SIZE = 16 * 1024 * 1024;

function best(run: () => void): number {
  let fastest = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

/** A markdown table of encode/decode times and throughput for 16 MiB. */
export async function base64Figures(): Promise<string> {
  const bytes = new Uint8Array(randomBytes(SIZE / 4));
  const input = new Uint8Array(SIZE);
  for (let offset = 0; offset < SIZE; offset += bytes.length) {
    input.set(bytes, offset);
  }
  const text = encodeBase64(input);
  const rows = ["| codec | encode ms | encode MiB/s | decode ms | decode MiB/s |", "|---|---:|---:|---:|---:|"];
  const mib = SIZE / 1024 / 1024;
  for (const codec of availableBase64Codecs()) {
    const encode = best(() => codec.encode(input));
    const decode = best(() => codec.decode(text));
    rows.push(
      `| ${codec.kind} | ${encode.toFixed(1)} | ${(mib / (encode / 1000)).toFixed(0)} | ${decode.toFixed(1)} | ${(mib / (decode / 1000)).toFixed(0)} |`,
    );
  }
  const publicDecode = best(() => decodeBase64(text));
  rows.push(
    `| decodeBase64 (validation + selected codec) | | | ${publicDecode.toFixed(1)} | ${(mib / (publicDecode / 1000)).toFixed(0)} |`,
  );
  return rows.join("\n");
}
