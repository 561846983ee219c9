import { expect } from "vitest";

/** Runs `action` and returns what it threw (fails when it did not throw). */
export async function caught(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw");
}

/**
 * An equality tester for `toEqual` and its kin: two byte arrays of the same class are equal when their bytes are.
 * Vitest's own comparison walks every element, then every `[index, value]` entry again: seconds of CPU for a few 200 KB
 * arrays, most of some files' time. Other values, and arrays of different classes (a Buffer and a Uint8Array, which
 * vitest tells apart), are left to vitest. Vitest would also compare properties added to an array object; no code here
 * adds any.
 */
export function equalByteArrays(actual: unknown, expected: unknown): boolean | undefined {
  if (
    !(actual instanceof Uint8Array) ||
    !(expected instanceof Uint8Array) ||
    actual.constructor !== expected.constructor
  ) {
    return undefined;
  }
  if (actual.length !== expected.length) {
    return false;
  }
  for (let index = 0; index < actual.length; index++) {
    if (actual[index] !== expected[index]) {
      return false;
    }
  }
  return true;
}

let registered = false;

/** Registers {@link equalByteArrays} with vitest, once: the setup files run again for each test file. */
export function registerByteEquality(): void {
  if (!registered) {
    expect.addEqualityTesters([equalByteArrays]);
    registered = true;
  }
}

/** Whether two byte arrays are equal: for large arrays, where a failing `toEqual` would print a diff of every byte. */
export function sameBytes(actual: Uint8Array | undefined, expected: Uint8Array): boolean {
  return actual !== undefined && Buffer.from(actual).equals(Buffer.from(expected));
}

/** A stream that hands out `bytes` in chunks of `chunkSize`, as a network or file stream would. */
export function chunkedStream(bytes: Uint8Array, chunkSize = 64 * 1024): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}
