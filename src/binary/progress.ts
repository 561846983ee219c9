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
 * A pass-through that counts bytes and calls `onProgress` each time at least {@link PROGRESS_INTERVAL_BYTES} more
 * have passed, and once when the stream ends (so the last call always has the final `loaded`, equal to `total` when
 * the stream carried the announced size). No call is made for a stream that errors or is cancelled.
 */
export function createProgressStream(
  total: number | undefined,
  onProgress: ProgressCallback,
): TransformStream<Uint8Array, Uint8Array> {
  let loaded = 0;
  let reported = -1;
  const report = (): void => {
    reported = loaded;
    onProgress({ loaded, total });
  };
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      controller.enqueue(chunk);
      loaded += chunk.byteLength;
      if (loaded - Math.max(reported, 0) >= PROGRESS_INTERVAL_BYTES) {
        report();
      }
    },
    flush() {
      if (reported !== loaded) {
        report();
      }
    },
  });
}

/**
 * Returns `stream` with progress reporting attached; see {@link createProgressStream} for when `onProgress` is called.
 *
 * @example
 * const counted = trackProgress(response.body, 1_000_000, ({ loaded, total }) => console.log(loaded, total));
 */
export function trackProgress(
  stream: ReadableStream<Uint8Array>,
  total: number | undefined,
  onProgress: ProgressCallback,
): ReadableStream<Uint8Array> {
  return stream.pipeThrough(createProgressStream(total, onProgress));
}
