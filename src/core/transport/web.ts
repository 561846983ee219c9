import { NULL_BODY_STATUSES, type Progress, progressCounter } from "../body.ts";
import { InvalidInputError } from "../errors.ts";
import { type Outgoing, type RuntimeKind, sendWithGlobalFetch } from "./fetch.ts";

/** Where this module runs: a browser (or a worker, or another runtime without a file system). */
export const runtimeKind: RuntimeKind = "browser";

/**
 * The default transport of browsers: fetch, except for an upload that wants progress, which goes through
 * XMLHttpRequest: fetch reports no progress for request bodies (and streams them only over HTTP/2), which is why axios
 * uses XMLHttpRequest too.
 */
export function sendDefault(outgoing: Outgoing): Promise<Response> {
  const payload = outgoing.body?.body;
  if (payload instanceof ReadableStream && !canStream(outgoing.request.url)) {
    return Promise.reject(
      new InvalidInputError(
        "UNSUPPORTED_RUNTIME",
        "This browser cannot send a stream as a request body here: browsers stream request bodies only over HTTP/2 " +
          "(https), and only Chromium does at all. Pass a Blob or File instead (an <input type=file>'s File is one).",
        { kind: "unsupported" },
      ),
    );
  }
  if (
    outgoing.onUploadProgress !== undefined &&
    typeof XMLHttpRequest !== "undefined" &&
    (payload instanceof Blob || typeof payload === "string")
  ) {
    return sendWithXhr(outgoing.request, outgoing.signal, payload, outgoing.onUploadProgress);
  }
  return sendWithGlobalFetch(outgoing);
}

let requestStreams: boolean | undefined;

/**
 * Whether a stream body can go to `url`: the browser must support request streams (the check the Chrome team
 * publishes: a Request built with `duplex` and no Content-Type), and the URL must be https, since browsers speak
 * HTTP/2 only over TLS and refuse a stream body over HTTP/1.1 (`ERR_H2_OR_QUIC_REQUIRED`) without sending it.
 */
function canStream(url: string): boolean {
  if (requestStreams === undefined) {
    let duplexAccessed = false;
    try {
      const hasContentType = new Request("https://bytewire.invalid/", {
        method: "POST",
        body: new ReadableStream(),
        get duplex() {
          duplexAccessed = true;
          return "half";
        },
      } as RequestInit).headers.has("Content-Type");
      requestStreams = duplexAccessed && !hasContentType;
    } catch {
      requestStreams = false;
    }
  }
  return requestStreams && url.startsWith("https:");
}

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

/**
 * Sends one attempt through XMLHttpRequest: the Request's method, URL, headers and credentials mode (`include` →
 * `withCredentials`), the body, abort by the call's signal (rejecting with its reason), and a `Response` whose body
 * is the downloaded Blob. A failed connection rejects with a `TypeError`, like fetch. Registering upload listeners
 * makes every cross-origin request preflighted (CORS), as the XMLHttpRequest standard requires.
 */
function sendWithXhr(
  request: Request,
  signal: AbortSignal | undefined,
  body: Blob | string,
  onUploadProgress: (progress: Progress) => void,
): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    if (signal?.aborted) {
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
    const total = typeof body === "string" ? new TextEncoder().encode(body).byteLength : body.size;
    const counter = progressCounter(total, onUploadProgress);
    let loaded = 0;
    xhr.upload.addEventListener("progress", (event) => {
      counter.add(event.loaded - loaded);
      loaded = event.loaded;
    });
    const onAbortSignal = () => xhr.abort();
    const settle = () => signal?.removeEventListener("abort", onAbortSignal);
    xhr.addEventListener("load", () => {
      settle();
      if (xhr.status < 200 || xhr.status > 599) {
        reject(new TypeError(`Network request failed (status ${xhr.status})`));
        return;
      }
      // A page controlled by a service worker (MSW's) gets no upload events at all; an answer of success means the
      // whole body was taken, so the last call says so.
      if (xhr.status < 300) {
        counter.add(total - loaded);
      }
      counter.end();
      const responseBody: Blob | null = NULL_BODY_STATUSES.has(xhr.status) ? null : xhr.response;
      const response = new Response(responseBody, {
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
      reject(signal?.aborted ? signal.reason : new DOMException("The request was aborted", "AbortError"));
    });
    signal?.addEventListener("abort", onAbortSignal, { once: true });
    xhr.send(body);
  });
}
