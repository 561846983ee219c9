import { createBase64EncoderStream } from "../binary/base64-stream.ts";
import { InvalidInputError } from "../binary/invalid-input-error.ts";
import { toUploadBody, type UploadInput } from "../binary/upload-input.ts";

/** Default most bytes `writeBinary` reads from its input: 16 MiB. */
export const DEFAULT_MAX_BINARY_BYTES: number = 16 * 1024 * 1024;

function tooLarge(maxBytes: number, seen: string): InvalidInputError {
  return new InvalidInputError(
    "TOO_LARGE",
    `The binary value is ${seen}, more than the ${maxBytes} bytes allowed (raise maxBinaryBytes to send more).`,
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
      signal?.throwIfAborted();
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
