import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { type ProgressCallback, progressCounter } from "../body.ts";
import { InvalidInputError } from "../errors.ts";
import { type Outgoing, type RuntimeKind, sendWithGlobalFetch } from "./fetch.ts";

/** Where this module runs: a server runtime with a file system, not a browser. */
export const runtimeKind: RuntimeKind = "server";

const runtime = globalThis as { Bun?: unknown; Deno?: unknown };
// Bun and Deno resolve this module too (the `node` condition) but keep their own fetch for bodies.
const isNode = runtime.Bun === undefined && runtime.Deno === undefined;

/**
 * The default transport of Node, Bun and Deno. In Node, requests that carry a body go through node:http: Node's
 * fetch (undici 6 and 7) keeps every chunk of a streamed request body alive until the response arrives (a 512 MiB
 * upload held 512 MiB), where node:http with backpressure stays flat.
 * A body with a Node-friendly `open` (a file, a Node stream, multipart parts around a file) is piped as Node streams.
 * Everything else, downloads included, goes through `globalThis.fetch`.
 */
export function sendDefault(outgoing: Outgoing): Promise<Response> {
  if (isNode && (outgoing.body !== undefined || outgoing.request.body !== null)) {
    return sendWithNodeHttp(outgoing);
  }
  return sendWithGlobalFetch(outgoing);
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

function toResponse(incoming: IncomingMessage): Response {
  const headers = new Headers();
  for (let index = 0; index < incoming.rawHeaders.length; index += 2) {
    const name = incoming.rawHeaders[index];
    const value = incoming.rawHeaders[index + 1];
    if (name !== undefined && value !== undefined) {
      headers.append(name, value);
    }
  }
  const status = incoming.statusCode ?? 502;
  const body = NULL_BODY_STATUSES.has(status) ? null : (Readable.toWeb(incoming) as ReadableStream<Uint8Array>);
  if (body === null) {
    incoming.resume();
  }
  return new Response(body, { status, statusText: incoming.statusMessage ?? "", headers });
}

function sourceOf({ request, body }: Outgoing): Readable {
  if (body === undefined) {
    return Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>);
  }
  if (body.open !== undefined) {
    const source = body.open();
    return source instanceof Readable ? source : Readable.from(source, { objectMode: false });
  }
  if (typeof body.body === "string") {
    return Readable.from([Buffer.from(body.body)]);
  }
  const stream = body.body instanceof Blob ? body.body.stream() : body.body;
  return Readable.fromWeb(stream as NodeReadableStream<Uint8Array>);
}

/**
 * Counts the bytes going out: progress calls, and for a body of declared size an error as soon as it carries more,
 * or when it ends with fewer (the server would wait for the rest of its Content-Length).
 */
function counting(size: number | undefined, onProgress: ProgressCallback | undefined): Transform {
  const counter = onProgress === undefined ? undefined : progressCounter(size, onProgress);
  let sent = 0;
  const mismatch = () =>
    new InvalidInputError("SIZE_MISMATCH", `The upload body carried ${sent} bytes where its declared size is ${size}.`);
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      sent += chunk.byteLength;
      if (size !== undefined && sent > size) {
        callback(mismatch());
        return;
      }
      counter?.add(chunk.byteLength);
      callback(null, chunk);
    },
    flush(callback) {
      if (size !== undefined && sent !== size) {
        callback(mismatch());
        return;
      }
      counter?.end();
      callback();
    },
  });
}

/** Sends one attempt with node:http(s), streaming the body with backpressure; rejects like fetch. */
function sendWithNodeHttp(outgoing: Outgoing): Promise<Response> {
  const { request, body, onUploadProgress, signal } = outgoing;
  const url = new URL(request.url);
  // Looked up on the module at call time: request interceptors (msw/node, nock) replace `http.request` there, and a
  // named import would keep the original.
  const send = url.protocol === "https:" ? https.request : http.request;
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const size =
    body === undefined ? undefined : typeof body.body === "string" ? Buffer.byteLength(body.body) : body.size;
  if (size !== undefined && headers["content-length"] === undefined) {
    headers["content-length"] = String(size);
  }
  return new Promise<Response>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const outgoingRequest = send(url, { method: request.method, headers });
    const fail = (cause: unknown) => {
      reject(signal?.aborted ? signal.reason : new TypeError("fetch failed", { cause }));
    };
    const onAbort = () =>
      outgoingRequest.destroy(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
    signal?.addEventListener("abort", onAbort, { once: true });
    outgoingRequest.on("error", (error) => {
      signal?.removeEventListener("abort", onAbort);
      fail(error);
    });
    outgoingRequest.on("response", (incoming) => {
      incoming.on("close", () => signal?.removeEventListener("abort", onAbort));
      resolve(toResponse(incoming));
    });
    const source = sourceOf(outgoing);
    // A body read through `open` has not been checked against its declared size yet; progress needs counting too.
    const steps =
      onUploadProgress === undefined && body?.open === undefined
        ? pipeline(source, outgoingRequest)
        : pipeline(source, counting(size, onUploadProgress), outgoingRequest);
    steps.catch((error: unknown) => {
      outgoingRequest.destroy(error instanceof Error ? error : new Error(String(error)));
      fail(error);
    });
  });
}
