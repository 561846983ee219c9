// Times base64 implementations side by side, interleaved, in Node or in a browser page (bundled there by esbuild):
// each round runs every case of an operation once per size, in an order that rotates from round to round, each after
// a garbage collection where `gc` is exposed; the figures are medians over the rounds.

/** One implementation of one operation. */
export interface Base64Case {
  operation: "decode" | "encode";
  name: string;
  run(bytes: Uint8Array, text: string): unknown;
}

/** The median seconds per call of one case at one size. */
export interface Base64Timing {
  mib: number;
  operation: "decode" | "encode";
  name: string;
  seconds: number;
}

function randomBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  // getRandomValues fills at most 64 KiB per call.
  for (let offset = 0; offset < size; offset += 65536) {
    crypto.getRandomValues(bytes.subarray(offset, offset + 65536));
  }
  return bytes;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/**
 * Medians of `rounds` interleaved rounds for each case at each size (MiB). Every decode must give back the bytes and
 * every encode the text first. `clock` reads milliseconds: wall time by default; in Node the bench passes the process's
 * CPU time, which other processes on a shared machine do not inflate.
 */
export function timeBase64(
  cases: readonly Base64Case[],
  sizes: readonly number[],
  rounds: number,
  encode: (bytes: Uint8Array) => string,
  clock: () => number = () => performance.now(),
): Base64Timing[] {
  const gc = (globalThis as { gc?: () => void }).gc;
  const timings: Base64Timing[] = [];
  for (const mib of sizes) {
    const bytes = randomBytes(mib * 1024 * 1024);
    const text = encode(bytes);
    for (const { operation, name, run } of cases) {
      const result = run(bytes, text);
      const right = operation === "encode" ? result === text : sameBytes(result as Uint8Array, bytes);
      if (!right) {
        throw new Error(`${name} did not ${operation} ${mib} MiB correctly`);
      }
    }
    // Small sizes repeat the call within a sample (128 MiB per sample), so that the allocator settles into the steady
    // state an application's repeated decodes see; a collection before each of them would instead leave every sample
    // to start on freed memory, and page faults (slow on a virtual machine) would decide the figure.
    const repeats = Math.max(1, Math.round(128 / mib));
    const collect = repeats === 1 ? gc : undefined;
    const samples = cases.map(() => [] as number[]);
    // Decodes and encodes are timed apart, so that no case pays for the other operation's garbage (a rotation keeps
    // neighbours, so it would always be the same case); single-call samples start after a collection.
    for (const operation of ["decode", "encode"] as const) {
      const group = cases.flatMap((candidate, index) => (candidate.operation === operation ? [index] : []));
      for (let round = 0; round < rounds; round++) {
        for (let step = 0; step < group.length; step++) {
          const index = group[(step + round) % group.length] ?? 0;
          const run = cases[index]?.run;
          collect?.();
          const started = clock();
          for (let repeat = 0; repeat < repeats; repeat++) {
            run?.(bytes, text);
          }
          samples[index]?.push((clock() - started) / 1000 / repeats);
        }
      }
    }
    cases.forEach(({ operation, name }, index) => {
      const sorted = (samples[index] ?? []).sort((a, b) => a - b);
      timings.push({ mib, operation, name, seconds: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN });
    });
  }
  return timings;
}
