import { createProgressStream, type ProgressCallback, type RequestBody } from "../body.ts";

/** Where the code runs: `server` (Node, Bun, Deno: a file system, no CORS) or `browser` (and web workers). */
export type RuntimeKind = "server" | "browser";

/** A fetch implementation as the pipeline calls it: one `Request` (openapi-fetch calls it the same way). */
export type FetchFunction = (request: Request, init?: RequestInit) => Promise<Response>;

/** One attempt as the pipeline hands it to a transport. */
export interface Outgoing {
  /**
   * Method, URL, headers, redirect mode and credentials mode; its body, if any, is the raw caller's. Its own signal is
   * not the call's: undici makes every Request that carries a signal follow it, which costs more than the rest of
   * building it, so the call's signal travels beside it.
   */
  readonly request: Request;
  /** Aborts the attempt (the caller's signal, the client's and the call's timeout). */
  readonly signal: AbortSignal | undefined;
  /** The body to send, when the pipeline owns it (every client call); sent afresh by each attempt. */
  readonly body: RequestBody | undefined;
  /** Called as the body goes out; each attempt counts from 0 again. */
  readonly onUploadProgress: ProgressCallback | undefined;
}

/** Sends one attempt; rejects like fetch (a TypeError, or the signal's reason). */
export type Transport = (outgoing: Outgoing) => Promise<Response>;

/** The init of one attempt: the request's method, headers and modes, the call's signal and the body to send. */
function attemptInit({ request, body, onUploadProgress, signal }: Outgoing): RequestInit & { duplex?: "half" } {
  const init: RequestInit & { duplex?: "half" } = {
    method: request.method,
    headers: request.headers,
    redirect: request.redirect,
    credentials: request.credentials,
  };
  if (signal !== undefined) {
    init.signal = signal;
  }
  if (body !== undefined) {
    let payload: Blob | string | ReadableStream<Uint8Array> = body.body;
    if (onUploadProgress !== undefined) {
      const stream =
        typeof payload === "string"
          ? new Blob([payload]).stream()
          : payload instanceof Blob
            ? payload.stream()
            : payload;
      const size = typeof payload === "string" ? new TextEncoder().encode(payload).byteLength : body.size;
      payload = stream.pipeThrough(createProgressStream(size, onUploadProgress));
    }
    init.body = payload;
    if (typeof payload !== "string" && !(payload instanceof Blob)) {
      init.duplex = "half";
    }
  }
  return init;
}

/** A raw caller's request with its own body, with the call's signal. */
function rawRequest({ request, signal }: Outgoing): Request {
  return signal === undefined ? request : new Request(request, { signal });
}

/**
 * Sends an attempt with a caller's fetch function: one Request built from the URL and the attempt's init (the body,
 * counted on the way when progress is asked for, a stream with `duplex: "half"`).
 */
export function sendWithFetch(fetch: FetchFunction, outgoing: Outgoing): Promise<Response> {
  const { request, body } = outgoing;
  if (body === undefined && request.body !== null) {
    return fetch(rawRequest(outgoing));
  }
  return fetch(new Request(request.url, attemptInit(outgoing)));
}

/**
 * Sends an attempt with `globalThis.fetch`, looked up on every call so that MSW or a test stub installed after the
 * client still applies. It gets the URL and the init, not a Request: fetch would copy a Request into another.
 */
export function sendWithGlobalFetch(outgoing: Outgoing): Promise<Response> {
  const { request, body } = outgoing;
  if (body === undefined && request.body !== null) {
    return globalThis.fetch(rawRequest(outgoing));
  }
  return globalThis.fetch(request.url, attemptInit(outgoing));
}
