import {
  AbortError,
  describeValue,
  InvalidInputError,
  InvalidResponseError,
  type RequestFacts,
} from "../core/errors.ts";

// Byte streams as the binary helpers use them: recognising stream-like inputs, turning iterables into streams that
// never read ahead, and checking that a stream carries the number of bytes it announced.
/**
 * Accepts one chunk of a byte stream: a `Uint8Array` (Node `Buffer` included) as is, any other `ArrayBufferView` or an
 * `ArrayBuffer` as a view on the same memory (no copy). Strings are refused: their encoding would be a guess.
 *
 * @throws {InvalidInputError} code `UNSUPPORTED_INPUT`.
 */
export function toByteChunk(value: unknown, source: string): Uint8Array {
  if (value instanceof Uint8Array) {
    return value;
  }
  if (ArrayBuffer.isView(value)) {
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  }
  if (value instanceof ArrayBuffer) {
    return new Uint8Array(value);
  }
  throw new InvalidInputError(
    "UNSUPPORTED_INPUT",
    `${source} produced ${describeValue(value)}; byte streams must produce Uint8Array chunks` +
      (typeof value === "string" ? " (a Node stream with setEncoding() yields strings; do not set an encoding)" : ""),
  );
}

/** True for a WHATWG `ReadableStream`, also one from another realm or polyfill (checked by shape). */
export function isReadableStream(value: unknown): value is ReadableStream<Uint8Array> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ReadableStream).getReader === "function" &&
    typeof (value as ReadableStream).cancel === "function"
  );
}

/** True for anything `for await` can iterate: Node `Readable` streams, async generators, ... */
export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === "function"
  );
}

/**
 * Turns an async iterable of byte chunks into a `ReadableStream` that pulls one chunk per read and never reads ahead
 * (high-water mark 0), so a 1 GiB source is never held in memory. Cancelling the stream, or aborting `signal`, calls
 * the iterator's `return()` (which destroys a Node `Readable`). `ReadableStream.from` would do most of this but
 * Chromium lacks it.
 */
export function readableStreamFromAsyncIterable(
  iterable: AsyncIterable<unknown>,
  signal?: AbortSignal,
): ReadableStream<Uint8Array> {
  const iterator = iterable[Symbol.asyncIterator]();
  let finished = false;
  const finish = async (reason?: unknown): Promise<void> => {
    if (!finished) {
      finished = true;
      signal?.removeEventListener("abort", onAbort);
      await iterator.return?.(reason);
    }
  };
  let onAbort = (): void => {};
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        onAbort = () => {
          controller.error(new AbortError({ cause: signal?.reason }));
          finish().catch(() => {});
        };
        if (signal?.aborted) {
          onAbort();
        } else {
          signal?.addEventListener("abort", onAbort, { once: true });
        }
      },
      async pull(controller) {
        let result: IteratorResult<unknown>;
        try {
          result = await iterator.next();
        } catch (error) {
          finished = true;
          signal?.removeEventListener("abort", onAbort);
          throw error;
        }
        if (finished) {
          return;
        }
        if (result.done) {
          finished = true;
          signal?.removeEventListener("abort", onAbort);
          controller.close();
          return;
        }
        try {
          controller.enqueue(toByteChunk(result.value, "The async iterable"));
        } catch (error) {
          await finish(error);
          throw error;
        }
      },
      async cancel(reason) {
        await finish(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * A stream that builds its source only when first read. A pipe (`pipeThrough`) starts pulling at once; behind this,
 * nothing is taken from a one-shot source (a Node stream) that another reader may still get instead.
 */
export function lazyStream(create: () => ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        reader ??= create().getReader();
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
        } else {
          controller.enqueue(value);
        }
      },
      cancel(reason) {
        return reader?.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** A stream that is already closed: the body of an empty response. */
export function emptyByteStream(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.close();
    },
  });
}

/** How a length check names the stream in its error: `code` plus the text before "... N bytes". */
export interface ByteLengthCheckLabels {
  /** Error code used when the length differs. */
  code: string;
  /** Whose fault a wrong length is: the caller's input (`InvalidInputError`) or the server's answer (`InvalidResponseError`). */
  source: "input" | "response";
  /** The request a response body answered, named in its error. */
  request?: RequestFacts | undefined;
  /** What the stream is, e.g. "The download body" or "The stream of part \"file\"". */
  subject: string;
  /** Where the expected length comes from, e.g. "Content-Length" or "the declared size". */
  claim: string;
}

/**
 * A pass-through that errors the stream when it carries more or fewer bytes than `expected`, so a truncated body
 * never looks complete and a body longer than its announced size never reaches a server that trusted the size.
 *
 * @throws {InvalidInputError | InvalidResponseError} with `labels.code`, from the stream, not from this call.
 */
export function createByteLengthCheck(
  expected: number,
  labels: ByteLengthCheckLabels,
): TransformStream<Uint8Array, Uint8Array> {
  let seen = 0;
  const mismatch = (message: string) =>
    labels.source === "input"
      ? new InvalidInputError(labels.code, message)
      : new InvalidResponseError(labels.code, message, labels.request);
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > expected) {
        throw mismatch(
          `${labels.subject} carries more than the ${expected} bytes of ${labels.claim} (at least ${seen}).`,
        );
      }
      controller.enqueue(chunk);
    },
    flush() {
      if (seen !== expected) {
        throw mismatch(`${labels.subject} ended after ${seen} of the ${expected} bytes of ${labels.claim}.`);
      }
    },
  });
}
