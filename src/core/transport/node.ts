import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { pipeline as pipe, Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import zlib from "node:zlib";
import { NULL_BODY_STATUSES, type ProgressCallback, progressCounter } from "../body.ts";
import { InvalidInputError } from "../errors.ts";
import { type Outgoing, type RuntimeKind, sendWithGlobalFetch } from "./fetch.ts";

/** Where this module runs: a server runtime with a file system, not a browser. */
export const runtimeKind: RuntimeKind = "server";

const runtime = globalThis as { Bun?: unknown; Deno?: unknown };
// Bun and Deno resolve this module too (the `node` condition) but keep their own fetch for bodies.
const isNode = runtime.Bun === undefined && runtime.Deno === undefined;

/**
 * The default transport of Node, Bun and Deno. In Node, requests go through node:http while `globalThis.fetch` is
 * Node's own: Node's fetch (undici 6 and 7) keeps every chunk of a streamed request body alive until the response
 * arrives (a 512 MiB upload held 512 MiB), where node:http with backpressure stays flat; and a small request costs
 * less (undici builds a Request, follows its timeout signal and registers it for finalization on every request).
 * Requests with a body always go through node:http. A bodiless request goes through `globalThis.fetch` once something
 * has replaced it (MSW, a test stub, a polyfill), so that replacement sees it. Bun and Deno keep their own fetch.
 */
export function sendDefault(outgoing: Outgoing): Promise<Response> {
  if (isNode && (outgoing.body !== undefined || outgoing.request.body !== null || isNodesOwnFetch(globalThis.fetch))) {
    return sendWithNodeHttp(outgoing);
  }
  return sendWithGlobalFetch(outgoing);
}

let checkedFetch: unknown;
let checkedIsNodes = false;

// Node's fetch loads undici from Node's internals, which no replacement can `require`; checked once per function.
function isNodesOwnFetch(fetch: unknown): boolean {
  if (fetch !== checkedFetch) {
    checkedFetch = fetch;
    checkedIsNodes =
      typeof fetch === "function" && Function.prototype.toString.call(fetch).includes("internal/deps/undici");
  }
  return checkedIsNodes;
}

// Like undici: a body cut short after a flushed block still yields what arrived, not an error.
const LENIENT_FLUSH = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };

// Node's fetch decodes these content codings (and asks for them); an unknown or stacked coding is handed over as is.
const decoders: Record<string, (() => zlib.Zlib & Transform) | undefined> = {
  gzip: () => zlib.createGunzip(LENIENT_FLUSH),
  "x-gzip": () => zlib.createGunzip(LENIENT_FLUSH),
  deflate: () => zlib.createInflate(LENIENT_FLUSH),
  br: () => zlib.createBrotliDecompress(),
};

/**
 * The fetch `Response` for an answer: headers as they came, the body decoded and streamed. `bodyError` says what a
 * body that stops early errors with (fetch's `TypeError: terminated`, or the abort reason).
 */
function toResponse(
  incoming: IncomingMessage,
  { method, url }: { method: string; url: string },
  bodyError: (cause: unknown) => unknown,
): Response {
  const headers = new Headers();
  for (let index = 0; index < incoming.rawHeaders.length; index += 2) {
    const name = incoming.rawHeaders[index];
    const value = incoming.rawHeaders[index + 1];
    if (name !== undefined && value !== undefined) {
      headers.append(name, value);
    }
  }
  const status = incoming.statusCode ?? 502;
  let body: ReadableStream<Uint8Array> | null = null;
  if (NULL_BODY_STATUSES.has(status) || method === "HEAD") {
    incoming.resume();
  } else {
    const decoder = decoders[incoming.headers["content-encoding"]?.trim().toLowerCase() ?? ""]?.();
    // `pipe` ends each side with the other: a cancelled body closes the connection, a cut one errors the decoder.
    body = webStreamOf(decoder === undefined ? incoming : pipe(incoming, decoder, ignore), bodyError);
  }
  const response = new Response(body, { status, statusText: incoming.statusMessage ?? "", headers });
  Object.defineProperty(response, "url", { value: url });
  return response;
}

function ignore(): void {}

/** A web stream over a Node stream, with backpressure; lighter than `Readable.toWeb` for a small body. */
function webStreamOf(source: Readable, streamError: (cause: unknown) => unknown): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        source.on("data", (chunk: Buffer) => {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) {
            source.pause();
          }
        });
        source.once("end", () => controller.close());
        source.once("error", (error) => controller.error(streamError(error)));
      },
      pull() {
        source.resume();
      },
      cancel() {
        source.destroy();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
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
  // What Node's fetch sends when the caller did not say (it decodes these codings too, see `toResponse`).
  headers["accept"] ??= "*/*";
  headers["accept-encoding"] ??= url.protocol === "https:" ? "br, gzip, deflate" : "gzip, deflate";
  return new Promise<Response>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const outgoingRequest = send(url, { method: request.method, headers });
    const fail = (cause: unknown) => {
      reject(signal?.aborted ? signal.reason : new TypeError("fetch failed", { cause }));
    };
    const bodyError = (cause: unknown) => (signal?.aborted ? signal.reason : new TypeError("terminated", { cause }));
    const onAbort = () =>
      outgoingRequest.destroy(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
    signal?.addEventListener("abort", onAbort, { once: true });
    outgoingRequest.on("error", (error) => {
      signal?.removeEventListener("abort", onAbort);
      fail(error);
    });
    outgoingRequest.on("response", (incoming) => {
      incoming.on("close", () => signal?.removeEventListener("abort", onAbort));
      resolve(toResponse(incoming, request, bodyError));
    });
    if (body === undefined && request.body === null) {
      outgoingRequest.end();
      return;
    }
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
