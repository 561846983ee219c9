import type { TransportOverrides } from "../core/client.ts";
import type { Transport } from "../core/transport.ts";
import { createXhrFetch } from "../core/xhr-fetch.ts";
import { type ProgressCallback, trackProgress } from "./progress.ts";
import type { UploadBody } from "./upload-body.ts";

/** An upload body made ready for one or more attempts. */
export interface PreparedUpload {
  /** A body for one attempt: the same Blob each time, a fresh progress-counting stream over it, or the one stream. */
  body(): Blob | ReadableStream<Uint8Array>;
  /** The `fetch` to pass to the call (an XHR transport in browsers when progress is wanted), else `undefined`. */
  fetch: Transport | undefined;
  /** Whether a failed attempt may be sent again: only when every attempt gets the whole body afresh. */
  replayable: boolean;
}

// Browsers cannot stream a request body over HTTP/1.1, and fetch reports no upload progress there: XMLHttpRequest does.
function isBrowser(): boolean {
  return (
    typeof XMLHttpRequest !== "undefined" &&
    typeof document !== "undefined" &&
    typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node !== "string"
  );
}

/**
 * Decides how an upload travels. Without progress the Blob or stream goes as it is. With progress, a Blob is sent
 * through XMLHttpRequest in browsers (real upload events), and elsewhere as a counting stream rebuilt for every
 * attempt, so it stays retryable; a stream is counted as it goes and can only be sent once.
 */
export function prepareUpload(
  upload: UploadBody,
  options: { onUploadProgress?: ProgressCallback | undefined; transportWith(overrides: TransportOverrides): Transport },
): PreparedUpload {
  const { body } = upload;
  const onProgress = options.onUploadProgress;
  if (!onProgress) {
    return { body: () => body, fetch: undefined, replayable: upload.replayable };
  }
  if (body instanceof Blob) {
    if (isBrowser()) {
      const fetch = options.transportWith({ fetch: createXhrFetch({ body, onUploadProgress: onProgress }) });
      return { body: () => body, fetch, replayable: true };
    }
    return { body: () => trackProgress(body.stream(), body.size, onProgress), fetch: undefined, replayable: true };
  }
  const counted = trackProgress(body, upload.size, onProgress);
  return { body: () => counted, fetch: undefined, replayable: false };
}
