import { decodeBase64 } from "../binary/base64.ts";
import { createBase64EncoderStream } from "../binary/base64-stream.ts";
import { toUploadBody, type UploadInput } from "../binary/upload-input.ts";
import { AbortError, InvalidInputError, InvalidResponseError } from "../core/errors.ts";
import type { HdapEntry } from "./types.ts";

// HDAP carries binary attribute values as base64 strings inside JSON: reading them out of an entry, and building the
// JSON body of a write from any upload input.

function tooLarge(maxBytes: number, seen: string): InvalidInputError {
  return new InvalidInputError(
    "TOO_LARGE",
    `The binary value is ${seen}, more than the ${maxBytes} bytes allowed (raise maxBinaryBytes to send more).`,
    { kind: "too_large" },
  );
}

function byteLimit(maxBytes: number): TransformStream<Uint8Array, Uint8Array> {
  let seen = 0;
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > maxBytes) {
        throw tooLarge(maxBytes, `at least ${seen} bytes`);
      }
      controller.enqueue(chunk);
    },
  });
}

/** Base64 of an upload input, read through the streaming encoder so only the text is held, never text and bytes. */
async function base64Parts(input: UploadInput, maxBytes: number, signal: AbortSignal | undefined): Promise<string[]> {
  const upload = await toUploadBody(input, { signal });
  if (upload.size !== undefined && upload.size > maxBytes) {
    throw tooLarge(maxBytes, `${upload.size} bytes`);
  }
  const bytes = upload.body instanceof Blob ? upload.body.stream() : upload.body;
  const reader = bytes.pipeThrough(byteLimit(maxBytes)).pipeThrough(createBase64EncoderStream()).getReader();
  const parts: string[] = [];
  try {
    for (;;) {
      if (signal?.aborted) {
        throw new AbortError({ api: "hdap", cause: signal.reason });
      }
      const { done, value } = await reader.read();
      if (done) {
        return parts;
      }
      parts.push(value);
    }
  } catch (error) {
    // Stops the source (closes a file, ends a generator) when the caller aborts between chunks.
    await reader.cancel(error).catch(() => undefined);
    throw error;
  }
}

/** What a JSON body carrying one base64 value is: the text before the value and the text after it. */
export interface Base64JsonFrame {
  /** JSON up to the opening quote of the base64 string. */
  before: string;
  /** JSON from the closing quote on. */
  after: string;
}

/**
 * Reads `input` (at most `maxBytes` bytes) and returns a JSON Blob `before + "<base64>" + after`. Base64 needs no JSON
 * escaping, so the parts are joined as they are instead of copying the text once more through `JSON.stringify`.
 *
 * @throws {InvalidInputError} `TOO_LARGE` before reading when the input's size is known, else as soon as the count
 * passes `maxBytes` (the input is cancelled); the errors of `toUploadBody` for unsupported inputs.
 */
export async function base64JsonBody(
  input: UploadInput,
  frame: Base64JsonFrame,
  maxBytes: number,
  signal: AbortSignal | undefined,
): Promise<Blob> {
  const parts = await base64Parts(input, maxBytes, signal);
  return new Blob([frame.before, '"', ...parts, '"', frame.after], { type: "application/json" });
}

// An LDAP attribute description (RFC 4512 §2.5): a name or OID, then `;option`s such as `;binary`.
const ATTRIBUTE_DESCRIPTION = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)*)(?:;[A-Za-z0-9-]+)*$/;

/**
 * Checks an attribute name before it goes into `_fields` or a body.
 *
 * @throws {InvalidInputError} `INVALID_ATTRIBUTE`
 */
export function checkAttribute(attribute: string): string {
  if (typeof attribute !== "string" || !ATTRIBUTE_DESCRIPTION.test(attribute)) {
    throw new InvalidInputError(
      "INVALID_ATTRIBUTE",
      "The attribute must be an LDAP attribute name such as photo, jpegPhoto or userCertificate.",
    );
  }
  return attribute;
}

/**
 * The decoded values of a binary attribute of an entry (`[]` when it has none); attribute names match
 * case-insensitively, as in LDAP.
 *
 * @throws {InvalidResponseError} `INVALID_BASE64` for a value that is not a strict base64 string (never corrupt bytes)
 */
export function binaryValues(entry: HdapEntry, attribute: string): Uint8Array<ArrayBuffer>[] {
  const key = Object.keys(entry).find((name) => name.toLowerCase() === attribute.toLowerCase());
  const value: unknown = key === undefined ? undefined : entry[key];
  if (value === undefined || value === null) {
    return [];
  }
  const values: unknown[] = Array.isArray(value) ? value : [value];
  return values.map((item, index) => {
    if (typeof item !== "string") {
      throw new InvalidResponseError(
        "INVALID_BASE64",
        `Value ${index} of ${attribute} in the HDAP answer is not a base64 string, so it is not a binary attribute.`,
      );
    }
    try {
      return decodeBase64(item);
    } catch (error) {
      throw new InvalidResponseError(
        "INVALID_BASE64",
        `Value ${index} of ${attribute} in the HDAP answer is not strict base64.`,
        {
          cause: error,
        },
      );
    }
  });
}
