/*
 * What the pipeline does with bodies: the request body it sends (and sends again when it can), progress counting,
 * the error body it reads (never more than 64 KiB), and response bodies whose failures become bytewire errors.
 */

/** A request body the pipeline sends, and sends again after a retry, a redirect or a re-login when it can. */
export interface RequestBody {
  /** A Blob or text (sent again as it is), or a one-shot stream. */
  readonly body: Blob | string | ReadableStream<Uint8Array>;
  /** Length in bytes when known: always for a Blob, for a stream only when declared. */
  readonly size: number | undefined;
  /** Media type when known; the call's own `Content-Type` header wins. */
  readonly type: string | undefined;
  /** Whether every attempt can get the whole body afresh (a Blob, text); a stream is consumed by the first one. */
  readonly replayable: boolean;
  /** Other headers that describe this body (`Content-Disposition`); the call's own headers win. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /**
   * A faster way to read the body where the transport can use it: Node's transport pipes what it returns straight
   * into the socket (a file read with large reads, a Node stream as it is, multipart parts around a file) instead of
   * going through a web stream. Called once per attempt (so once, unless the body is replayable).
   */
  readonly open?: (() => AsyncIterable<Uint8Array>) | undefined;
}

/** A JSON request body (replayable: it is text). */
export function jsonBody(value: unknown): RequestBody {
  return { body: JSON.stringify(value), size: undefined, type: "application/json", replayable: true };
}

/** How much of a body has moved so far. */
export interface Progress {
  /** Bytes transferred so far. */
  loaded: number;
  /** Bytes expected in all, when known (Content-Length, a Blob's size); `undefined` otherwise. */
  total: number | undefined;
}

/** Receives {@link Progress} updates; an exception thrown here errors the transfer. */
export type ProgressCallback = (progress: Progress) => void;

/**
 * Bytes between two progress calls: often enough for a progress bar (16 calls per MiB), rare enough to cost nothing
 * next to the I/O; one call per network chunk would be thousands of calls per second on a fast link.
 */
export const PROGRESS_INTERVAL_BYTES: number = 64 * 1024;

/**
 * Counts bytes for a progress callback: `add` after each chunk (calls back each time at least 64 KiB more have
 * passed), `end` once the whole body went through (calls back with the final count unless that was the last call).
 */
export function progressCounter(
  total: number | undefined,
  onProgress: ProgressCallback,
): { add(bytes: number): void; end(): void } {
  let loaded = 0;
  let reported = -1;
  const report = (): void => {
    reported = loaded;
    onProgress({ loaded, total });
  };
  return {
    add(bytes) {
      loaded += bytes;
      if (loaded - Math.max(reported, 0) >= PROGRESS_INTERVAL_BYTES) {
        report();
      }
    },
    end() {
      if (reported !== loaded) {
        report();
      }
    },
  };
}

/**
 * A pass-through stream that reports progress as chunks go through (see {@link progressCounter}); no final call is
 * made for a stream that errors or is cancelled.
 */
export function createProgressStream(
  total: number | undefined,
  onProgress: ProgressCallback,
): TransformStream<Uint8Array, Uint8Array> {
  const counter = progressCounter(total, onProgress);
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      controller.enqueue(chunk);
      counter.add(chunk.byteLength);
    },
    flush() {
      counter.end();
    },
  });
}

/**
 * How many bytes of an error body bytewire reads at most: enough for any API's JSON error, while a failed 1 GiB
 * download is not buffered.
 */
export const MAX_ERROR_BODY_BYTES: number = 64 * 1024;

/** Statuses whose responses cannot carry a body (the Response constructor throws for them). */
export const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

/** A copy of `response` (status, headers, `url`) with another body. */
export function withBody(response: Response, body: ReadableStream<Uint8Array> | null): Response {
  const copy = new Response(NULL_BODY_STATUSES.has(response.status) ? null : body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  if (response.url !== "") {
    Object.defineProperty(copy, "url", { value: response.url });
  }
  return copy;
}

/** What {@link guardStream} does to the chunks it passes on. */
export interface StreamGuard {
  /** Errors the stream with `onAbort(reason)` as soon as it aborts, also after the headers arrived. */
  signal?: AbortSignal | undefined;
  onAbort?: ((reason: unknown) => unknown) | undefined;
  /** Turns what a read of the source throws into the error the consumer gets. */
  mapError?: ((error: unknown) => unknown) | undefined;
  /** Reads at most this many bytes, then cancels the source (which closes the connection instead of draining it). */
  maxBytes?: number | undefined;
  /**
   * The number of bytes the stream must carry: it errors with `mismatch(seen, ended)` on the first byte past it, or at
   * its end when fewer came, so a truncated body never looks complete.
   */
  expectedBytes?: number | undefined;
  mismatch?: ((seen: number, ended: boolean) => unknown) | undefined;
  /** Told of every chunk passed on, and of the end (progress). */
  onBytes?: ((bytes: number) => void) | undefined;
  onEnd?: (() => void) | undefined;
}

/**
 * Wraps a body in one pull-through layer that does all of {@link StreamGuard}: it reads only when its consumer reads
 * (high-water mark 0), so nothing is buffered in between, and it leaves `signal` when the stream ends, so a long-lived
 * signal collects no listeners. One layer instead of a TransformStream per concern: a GiB is 16,000 chunks.
 */
export function guardStream(source: ReadableStream<Uint8Array>, options: StreamGuard): ReadableStream<Uint8Array> {
  const { signal, expectedBytes } = options;
  const reader = source.getReader();
  let remaining = options.maxBytes ?? Number.POSITIVE_INFINITY;
  let seen = 0;
  let settled = false;
  let onAbort = (): void => {};
  const settle = (): void => {
    settled = true;
    signal?.removeEventListener("abort", onAbort);
  };
  const mismatch = (ended: boolean) => options.mismatch?.(seen, ended) ?? new RangeError("unexpected body length");
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (signal === undefined) {
          return;
        }
        onAbort = () => {
          settle();
          const error = options.onAbort ? options.onAbort(signal.reason) : signal.reason;
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
        if (remaining <= 0) {
          settle();
          controller.close();
          await reader.cancel().catch(() => undefined);
          return;
        }
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          result = await reader.read();
        } catch (error) {
          settle();
          throw options.mapError ? options.mapError(error) : error;
        }
        if (settled) {
          return;
        }
        if (result.done) {
          settle();
          if (expectedBytes !== undefined && seen !== expectedBytes) {
            throw mismatch(true);
          }
          options.onEnd?.();
          controller.close();
          return;
        }
        const chunk = result.value.byteLength > remaining ? result.value.subarray(0, remaining) : result.value;
        remaining -= chunk.byteLength;
        seen += chunk.byteLength;
        if (expectedBytes !== undefined && seen > expectedBytes) {
          settle();
          await reader.cancel().catch(() => undefined);
          throw mismatch(false);
        }
        controller.enqueue(chunk);
        options.onBytes?.(chunk.byteLength);
      },
      cancel(reason) {
        settle();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * Reads at most `maxBytes` of a body as UTF-8 text and cancels the rest. `truncated` tells whether bytes were left
 * unread.
 */
export async function readBoundedText(
  response: Response,
  maxBytes: number = MAX_ERROR_BODY_BYTES,
): Promise<{ text: string; truncated: boolean }> {
  if (response.body === null || response.bodyUsed) {
    return { text: "", truncated: false };
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let received = 0;
  try {
    while (received < maxBytes) {
      const { done, value } = await reader.read();
      if (done) {
        return { text: text + decoder.decode(), truncated: false };
      }
      if (value.byteLength > maxBytes - received) {
        return { text: text + decoder.decode(value.subarray(0, maxBytes - received)), truncated: true };
      }
      received += value.byteLength;
      text += decoder.decode(value, { stream: true });
    }
    const { done } = await reader.read();
    return { text: text + decoder.decode(), truncated: !done };
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

// Not awaited: cancelling a body whose response was cloned (MSW keeps a clone of every mocked response) settles only
// once every clone is cancelled, which would hang the caller; the connection is released either way.
/** Releases a response that will not be read (a retried or redirected answer). */
export function discardBody(response: Response): void {
  if (response.body !== null && !response.bodyUsed && !response.body.locked) {
    response.body.cancel().catch(() => undefined);
  }
}
