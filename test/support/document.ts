import { bundledDocument, DocumentValidator, isJsonMediaType, OperationRouter, resolveRef } from "bytewire/mocks";

export const document = bundledDocument;
export const router: OperationRouter = new OperationRouter(document);
export const validator: DocumentValidator = new DocumentValidator(document);

/** The four APIs, each named by its tag in the document. */
export const API_TAGS = ["PingDS HDAP", "4D REST", "Cumulocity binaries", "PingOne images"] as const;

/** Bytes of a binary example: the document writes them one character per byte (Latin-1). */
export function exampleBytes(value: string): Uint8Array {
  const bytes = new Uint8Array(value.length);
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code > 0xff) {
      throw new Error(`Binary example has a character above U+00FF at ${index}`);
    }
    bytes[index] = code;
  }
  return bytes;
}

/** The first example of a media type object, references resolved. */
export function firstExample(media: { example?: unknown; examples?: Record<string, unknown> }): unknown {
  if (media.example !== undefined) {
    return media.example;
  }
  const [first] = Object.values(media.examples ?? {});
  return first === undefined ? undefined : resolveRef<{ value?: unknown }>(document, first as never).value;
}

export { isJsonMediaType };
