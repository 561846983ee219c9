import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { FetchFunction } from "../transport.ts";

// Node's fetch (undici 6.x and 7.x, Node 20, 22 and 24) keeps every chunk of a streamed request body alive until the
// response arrives: a 512 MiB upload held 512 MiB of live ArrayBuffers (measured with forced GC), where node:http
// piping the same stream stayed under 25 MiB. So in Node, requests that carry a body go through node:http, with
// backpressure; everything else (and downloads) stays on fetch.
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

/** Sends a Request with node:http(s), streaming its body with backpressure; rejects like fetch (TypeError, or the abort reason). */
function nodeHttpFetch(request: Request): Promise<Response> {
  const url = new URL(request.url);
  // Looked up on the module at call time: request interceptors (msw/node, nock) replace `http.request` there, and a
  // named import would keep the original.
  const send = url.protocol === "https:" ? https.request : http.request;
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return new Promise<Response>((resolve, reject) => {
    const { signal } = request;
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const outgoing = send(url, { method: request.method, headers });
    const fail = (cause: unknown) => {
      reject(signal.aborted ? signal.reason : new TypeError("fetch failed", { cause }));
    };
    const onAbort = () => outgoing.destroy(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
    signal.addEventListener("abort", onAbort, { once: true });
    outgoing.on("error", (error) => {
      signal.removeEventListener("abort", onAbort);
      fail(error);
    });
    outgoing.on("response", (incoming) => {
      incoming.on("close", () => signal.removeEventListener("abort", onAbort));
      resolve(toResponse(incoming));
    });
    if (request.body === null) {
      outgoing.end();
      return;
    }
    pipeline(Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>), outgoing).catch((error: unknown) => {
      outgoing.destroy(error instanceof Error ? error : new Error(String(error)));
      fail(error);
    });
  });
}

const runtime = globalThis as { Bun?: unknown; Deno?: unknown };

/** node:http for request bodies in Node; Bun and Deno resolve this file too but keep their own fetch. */
export const uploadFetch: FetchFunction | undefined =
  runtime.Bun === undefined && runtime.Deno === undefined ? (request) => nodeHttpFetch(request) : undefined;
