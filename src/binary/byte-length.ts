import { InvalidInputError } from "./invalid-input-error.ts";

/** How a length check names the stream in its error: `code` plus the text before "... N bytes". */
export interface ByteLengthCheckLabels {
  /** Error code used when the length differs. */
  code: string;
  /** What the stream is, e.g. "The download body" or "The stream of part \"file\"". */
  subject: string;
  /** Where the expected length comes from, e.g. "Content-Length" or "the declared size". */
  claim: string;
}

/**
 * A pass-through that errors the stream when it carries more or fewer bytes than `expected`, so a truncated body
 * never looks complete and a body longer than its announced size never reaches a server that trusted the size.
 *
 * @throws {InvalidInputError} with `labels.code`, from the stream, not from this call.
 */
export function createByteLengthCheck(
  expected: number,
  labels: ByteLengthCheckLabels,
): TransformStream<Uint8Array, Uint8Array> {
  let seen = 0;
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > expected) {
        throw new InvalidInputError(
          labels.code,
          `${labels.subject} carries more than the ${expected} bytes of ${labels.claim} (at least ${seen}).`,
        );
      }
      controller.enqueue(chunk);
    },
    flush() {
      if (seen !== expected) {
        throw new InvalidInputError(
          labels.code,
          `${labels.subject} ended after ${seen} of the ${expected} bytes of ${labels.claim}.`,
        );
      }
    },
  });
}
