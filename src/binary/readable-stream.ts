import { toByteChunk } from "./byte-chunk.ts";

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
          controller.error(signal?.reason);
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
 * Returns a stream that errors with `signal.reason` (or what `toError` makes of it) at once, and cancels `stream`,
 * when `signal` aborts; the stream itself when there is no signal. It reads only when its consumer reads, so nothing
 * is buffered in between, and it leaves `signal` when the stream ends, so a long-lived signal collects no listeners.
 */
export function withAbortSignal(
  stream: ReadableStream<Uint8Array>,
  signal: AbortSignal | undefined,
  toError: (reason: unknown) => unknown = (reason) => reason,
): ReadableStream<Uint8Array> {
  if (!signal) {
    return stream;
  }
  const reader = stream.getReader();
  let settled = false;
  let onAbort = (): void => {};
  const settle = (): void => {
    settled = true;
    signal.removeEventListener("abort", onAbort);
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        onAbort = () => {
          settle();
          const error = toError(signal.reason);
          controller.error(error);
          reader.cancel(error).catch(() => {});
        };
        if (signal.aborted) {
          onAbort();
        } else {
          signal.addEventListener("abort", onAbort, { once: true });
        }
      },
      async pull(controller) {
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          result = await reader.read();
        } catch (error) {
          settle();
          throw error;
        }
        if (settled) {
          return;
        }
        if (result.done) {
          settle();
          controller.close();
        } else {
          controller.enqueue(result.value);
        }
      },
      cancel(reason) {
        settle();
        return reader.cancel(reason);
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
