import type { FetchFunction } from "./transport.ts";

/** Bytes moved so far, and the total when the browser knows it. */
export interface TransferProgress {
  /** Bytes sent (upload) or received (download) so far. */
  loaded: number;
  /** Bytes in all, when known. */
  total: number | undefined;
}

/** Options of {@link createXhrFetch}. */
export interface XhrFetchOptions {
  /**
   * The body to send, as the caller has it (a Blob or File, FormData, a string, bytes). XMLHttpRequest cannot send
   * a `Request`'s body stream, and reading that stream into memory first is what bytewire never does, so the
   * original value travels beside the Request. Required when the request has a body.
   */
  body?: XMLHttpRequestBodyInit | undefined;
  /**
   * Called as the body goes out (at most every 50 ms, and once at the end). Registering it makes every
   * cross-origin request preflighted (CORS), as the XMLHttpRequest standard requires for upload listeners.
   */
  onUploadProgress?: ((progress: TransferProgress) => void) | undefined;
  /** Called as the response body arrives. */
  onDownloadProgress?: ((progress: TransferProgress) => void) | undefined;
}

// The Response constructor refuses a body for these statuses.
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

function parseResponseHeaders(raw: string): Headers {
  const headers = new Headers();
  for (const line of raw.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) {
      try {
        headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
      } catch {
        // A header the Headers class rejects (invalid characters) is dropped rather than failing the response.
      }
    }
  }
  return headers;
}

function toProgress(event: ProgressEvent): TransferProgress {
  return { loaded: event.loaded, total: event.lengthComputable ? event.total : undefined };
}

/**
 * Creates a fetch-compatible function that sends through XMLHttpRequest, for browsers when an upload wants progress:
 * fetch reports none for request bodies (request streams need HTTP/2 and exist only in Chromium), which is why axios
 * uses XMLHttpRequest too. It copies the Request's method, URL, headers and credentials mode (`include` →
 * `withCredentials`), sends `options.body`, aborts with the Request's signal (rejecting with its reason), and resolves
 * a `Response` whose body is the downloaded Blob. A failed connection rejects with a `TypeError`, like fetch.
 * Create one per upload and pass it through `ApiClient.transportWith({ fetch })`, so timeouts, errors and logs stay
 * the transport's.
 *
 * @example
 * const fetch = createXhrFetch({ body: file, onUploadProgress: ({ loaded, total }) => bar.update(loaded, total) });
 * await raw.PUT("/inventory/binaries/{id}", { params, body: file, fetch: core.transportWith({ fetch }) });
 */
export function createXhrFetch(options: XhrFetchOptions = {}): FetchFunction {
  return (request) =>
    new Promise<Response>((resolve, reject) => {
      if (typeof XMLHttpRequest === "undefined") {
        reject(new TypeError("createXhrFetch needs XMLHttpRequest, which only browsers provide; use fetch here"));
        return;
      }
      if (request.body !== null && options.body === undefined) {
        reject(new TypeError("createXhrFetch cannot send a Request body stream; pass the original value as `body`"));
        return;
      }
      const signal = request.signal;
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const xhr = new XMLHttpRequest();
      xhr.open(request.method, request.url, true);
      xhr.responseType = "blob";
      xhr.withCredentials = request.credentials === "include";
      request.headers.forEach((value, name) => {
        xhr.setRequestHeader(name, value);
      });
      const { onUploadProgress, onDownloadProgress } = options;
      if (onUploadProgress && options.body !== undefined) {
        xhr.upload.addEventListener("progress", (event) => onUploadProgress(toProgress(event)));
      }
      if (onDownloadProgress) {
        xhr.addEventListener("progress", (event) => onDownloadProgress(toProgress(event)));
      }
      const onAbortSignal = () => xhr.abort();
      const settle = () => signal.removeEventListener("abort", onAbortSignal);
      xhr.addEventListener("load", () => {
        settle();
        if (xhr.status < 200 || xhr.status > 599) {
          reject(new TypeError(`Network request failed (status ${xhr.status})`));
          return;
        }
        const body: Blob | null = NULL_BODY_STATUSES.has(xhr.status) ? null : xhr.response;
        const response = new Response(body, {
          status: xhr.status,
          statusText: xhr.statusText,
          headers: parseResponseHeaders(xhr.getAllResponseHeaders()),
        });
        if (xhr.responseURL) {
          Object.defineProperty(response, "url", { value: xhr.responseURL });
        }
        resolve(response);
      });
      xhr.addEventListener("error", () => {
        settle();
        reject(new TypeError("Network request failed"));
      });
      xhr.addEventListener("abort", () => {
        settle();
        reject(signal.aborted ? signal.reason : new DOMException("The request was aborted", "AbortError"));
      });
      signal.addEventListener("abort", onAbortSignal, { once: true });
      xhr.send(options.body ?? null);
    });
}
