import { createProgressStream, type ProgressCallback, type RequestBody } from "../body.ts";

/** Where the code runs: `server` (Node, Bun, Deno: a file system, no CORS) or `browser` (and web workers). */
export type RuntimeKind = "server" | "browser";

/** A fetch implementation as the pipeline calls it: one `Request` (openapi-fetch calls it the same way). */
export type FetchFunction = (request: Request, init?: RequestInit) => Promise<Response>;

/** One attempt as the pipeline hands it to a transport. */
export interface Outgoing {
  /** Method, URL, headers, signal, redirect mode and credentials mode; its body, if any, is the raw caller's. */
  readonly request: Request;
  /** The body to send, when the pipeline owns it (every client call); sent afresh by each attempt. */
  readonly body: RequestBody | undefined;
  /** Called as the body goes out; each attempt counts from 0 again. */
  readonly onUploadProgress: ProgressCallback | undefined;
}

/** Sends one attempt; rejects like fetch (a TypeError, or the signal's reason). */
export type Transport = (outgoing: Outgoing) => Promise<Response>;

/**
 * Sends an attempt with a fetch function: the request as it is, or a copy carrying the body (a stream with
 * `duplex: "half"`, counted on the way when progress is asked for).
 */
export function sendWithFetch(fetch: FetchFunction, outgoing: Outgoing): Promise<Response> {
  const { request, body, onUploadProgress } = outgoing;
  if (body === undefined) {
    return fetch(request);
  }
  let payload: Blob | string | ReadableStream<Uint8Array> = body.body;
  if (onUploadProgress !== undefined) {
    const stream =
      typeof payload === "string" ? new Blob([payload]).stream() : payload instanceof Blob ? payload.stream() : payload;
    const size = typeof payload === "string" ? new TextEncoder().encode(payload).byteLength : body.size;
    payload = stream.pipeThrough(createProgressStream(size, onUploadProgress));
  }
  const init: RequestInit & { duplex?: "half" } =
    typeof payload === "string" || payload instanceof Blob ? { body: payload } : { body: payload, duplex: "half" };
  return fetch(new Request(request, init));
}

/** `globalThis.fetch`, looked up on every call so that MSW or a test stub installed after the client still applies. */
export const globalFetch: FetchFunction = (request, init) => globalThis.fetch(request, init);
