import { bundledDocument } from "./bundled.ts";
import { resolveRef } from "./operations.ts";
import type { ExampleObject } from "./types.ts";

/** Bytes of a binary example: the document writes them one character per byte (Latin-1). */
export function latin1Bytes(value: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(value.length);
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code > 0xff) {
      throw new RangeError(`A byte string has a character above U+00FF at position ${index}.`);
    }
    bytes[index] = code;
  }
  return bytes;
}

/**
 * The value of a named example of the bundled document (`components.examples`). The mock's demo files are the
 * document's binary examples, so the bytes in the docs are the bytes the mock serves.
 */
export function namedExample(name: string): unknown {
  const example = bundledDocument.components?.examples?.[name];
  if (!example) {
    throw new Error(`The document has no example named ${name}.`);
  }
  return resolveRef<ExampleObject>(bundledDocument, example).value;
}

/** The bytes of a named binary example of the bundled document. */
export function namedExampleBytes(name: string): Uint8Array<ArrayBuffer> {
  const value = namedExample(name);
  if (typeof value !== "string") {
    throw new TypeError(`The example ${name} is not a byte string.`);
  }
  return latin1Bytes(value);
}
