/** Counts what an endless body handed out, and whether it was cancelled. */
export interface EndlessBody {
  stream: ReadableStream<Uint8Array>;
  readonly pulledBytes: number;
  readonly cancelled: boolean;
}

/**
 * A body that never ends (a failed multi-gigabyte download, as far as a reader can tell). Each chunk waits for a
 * macrotask, so code that wrongly reads it whole runs into the test timeout instead of hanging the worker.
 */
export function endlessBody(chunkSize = 16 * 1024, fill = 0x61): EndlessBody {
  let pulledBytes = 0;
  let cancelled = false;
  const chunk = new Uint8Array(chunkSize).fill(fill);
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      pulledBytes += chunk.byteLength;
      controller.enqueue(chunk.slice());
    },
    cancel() {
      cancelled = true;
    },
  });
  return {
    stream,
    get pulledBytes() {
      return pulledBytes;
    },
    get cancelled() {
      return cancelled;
    },
  };
}
