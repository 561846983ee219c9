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
  /**
   * The body fields of one attempt's openapi-fetch init: the body, a pass-through serializer, the transport when
   * one is needed, and `duplex: "half"` for a stream. `Body` is the type the document gives the request body (a Blob,
   * a multipart schema object): openapi-fetch checks the call against it, while the serializer hands fetch the real
   * Blob or stream untouched.
   */
  attempt<Body = Blob>(): UploadAttempt<Body>;
}

/** See {@link PreparedUpload.attempt}. */
export interface UploadAttempt<Body> {
  body: Body;
  bodySerializer: (value: unknown) => unknown;
  fetch?: Transport;
  duplex?: "half";
}

/** What {@link prepareUpload} needs besides the body. */
export interface PrepareUploadOptions {
  onUploadProgress?: ProgressCallback | undefined;
  /** Milliseconds until the response headers must arrive, sending included; the client's own when undefined. */
  timeout?: number | undefined;
  /** The client's transport factory (`ApiClient.transportWith`). */
  transportWith(overrides: TransportOverrides): Transport;
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
export function prepareUpload(upload: UploadBody, options: PrepareUploadOptions): PreparedUpload {
  const timeout = options.timeout === undefined ? {} : { timeout: options.timeout };
  const transport = (fetch?: Transport): Transport | undefined =>
    fetch === undefined && options.timeout === undefined
      ? undefined
      : options.transportWith({ ...(fetch === undefined ? {} : { fetch }), ...timeout });
  const prepared = (
    body: () => Blob | ReadableStream<Uint8Array>,
    fetch: Transport | undefined,
    replayable: boolean,
  ) => ({
    body,
    fetch,
    replayable,
    attempt<Body>(): UploadAttempt<Body> {
      const value = body();
      return {
        body: value as Body,
        bodySerializer: (serialized: unknown) => serialized,
        ...(fetch === undefined ? {} : { fetch }),
        ...(value instanceof Blob ? {} : { duplex: "half" as const }),
      };
    },
  });
  const { body } = upload;
  const onProgress = options.onUploadProgress;
  if (!onProgress) {
    return prepared(() => body, transport(), upload.replayable);
  }
  if (body instanceof Blob) {
    if (isBrowser()) {
      return prepared(() => body, transport(createXhrFetch({ body, onUploadProgress: onProgress })), true);
    }
    return prepared(() => trackProgress(body.stream(), body.size, onProgress), transport(), true);
  }
  const counted = trackProgress(body, upload.size, onProgress);
  return prepared(() => counted, transport(), false);
}
