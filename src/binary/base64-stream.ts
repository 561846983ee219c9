import { describeValue, InvalidInputError } from "../core/errors.ts";
import { selectedBase64Codec } from "./base64-codecs.ts";
import { findBase64Problem, invalidBase64Error, throwInvalidBase64 } from "./base64-validation.ts";
import { isReadableStream, readableStreamFromAsyncIterable, toByteChunk } from "./streams.ts";

/**
 * A TransformStream from bytes to base64 text. It carries the 0-2 bytes that do not fill a 3-byte group over to the
 * next chunk, so the concatenated output equals `encodeBase64` of the concatenated input, however it is chunked.
 *
 * @example
 * const text = file.stream().pipeThrough(createBase64EncoderStream());
 */
export function createBase64EncoderStream(): TransformStream<Uint8Array, string> {
  const codec = selectedBase64Codec();
  const carry = new Uint8Array(3);
  let carried = 0;
  return new TransformStream<Uint8Array, string>({
    transform(input, controller) {
      const chunk = toByteChunk(input, "The stream being base64-encoded");
      let start = 0;
      let text = "";
      if (carried > 0) {
        start = Math.min(3 - carried, chunk.byteLength);
        carry.set(chunk.subarray(0, start), carried);
        carried += start;
        if (carried < 3) {
          return;
        }
        text = codec.encode(carry);
        carried = 0;
      }
      const end = start + Math.floor((chunk.byteLength - start) / 3) * 3;
      if (end > start) {
        text += codec.encode(chunk.subarray(start, end));
      }
      carry.set(chunk.subarray(end));
      carried = chunk.byteLength - end;
      if (text !== "") {
        controller.enqueue(text);
      }
    },
    flush(controller) {
      if (carried > 0) {
        controller.enqueue(codec.encode(carry.subarray(0, carried)));
      }
    },
  });
}

/**
 * Encodes a large input as a stream of base64 text without holding it in memory.
 *
 * @example
 * for await (const text of encodeBase64Stream(createReadStream("photo.jpg"))) out.write(text);
 */
export function encodeBase64Stream(
  input: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
): ReadableStream<string> {
  const stream = isReadableStream(input) ? input : readableStreamFromAsyncIterable(input);
  return stream.pipeThrough(createBase64EncoderStream());
}

/**
 * A TransformStream from base64 text to bytes, as strict as `decodeBase64` (positions in its errors count from the
 * start of the whole stream). It takes the text as strings or as its ASCII bytes (a file's stream), and carries
 * incomplete 4-character groups over to the next chunk.
 *
 * @throws {InvalidInputError} `INVALID_BASE64`, from the stream.
 * @example
 * const bytes = (await fetch("/photo.b64")).body!.pipeThrough(createBase64DecoderStream());
 */
export function createBase64DecoderStream(): TransformStream<string | Uint8Array, Uint8Array<ArrayBuffer>> {
  const codec = selectedBase64Codec();
  // One character per byte: a byte outside base64's ASCII alphabet stays a character the validation refuses.
  const bytesAsText = new TextDecoder("latin1");
  let pending = "";
  let consumed = 0;
  let padded = false;
  return new TransformStream<string | Uint8Array, Uint8Array<ArrayBuffer>>({
    transform(input, controller) {
      if (typeof input !== "string" && !(input instanceof Uint8Array)) {
        throw new InvalidInputError(
          "UNSUPPORTED_INPUT",
          `The base64 decoder stream received ${describeValue(input)}; it expects strings or Uint8Arrays.`,
        );
      }
      const chunk = typeof input === "string" ? input : bytesAsText.decode(input);
      if (chunk === "") {
        return;
      }
      if (padded) {
        throw invalidBase64Error({ index: 0, reason: "text continues after the padding" }, consumed);
      }
      const text = pending + chunk;
      const usable = text.length - (text.length % 4);
      pending = text.slice(usable);
      if (usable === 0) {
        return;
      }
      const groups = text.slice(0, usable);
      const bytes = codec.decode(groups) ?? throwInvalidBase64(groups, consumed);
      padded = groups.endsWith("=");
      consumed += usable;
      if (padded && pending !== "") {
        throw invalidBase64Error({ index: 0, reason: "text continues after the padding" }, consumed);
      }
      controller.enqueue(bytes);
    },
    flush() {
      if (pending !== "") {
        throw invalidBase64Error(
          findBase64Problem(pending) ?? { index: pending.length, reason: "the text ends inside a 4-character group" },
          consumed,
        );
      }
    },
  });
}
