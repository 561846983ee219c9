import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

const BODYLESS = new Set(["GET", "HEAD"]);

/**
 * A request whose clone carries no body. MSW clones every request it handles and keeps the clone for its logging:
 * a clone of a streamed body is a tee whose unread half holds every byte the handler reads, and cancelling the
 * handler's half never settles while that half stays open. The server's handlers read the body once, so the clone
 * needs none.
 */
class ServerRequest extends Request {
  override clone(): Request {
    return new Request(this.url, { method: this.method, headers: this.headers, signal: this.signal });
  }
}

/** Where a request's body stands: read to its end, or left (partly) unread by the handler. */
export interface BodyState {
  /** True once the handler read the body to its end or the request had none. */
  readonly consumed: boolean;
  /** Stops handing the body to the handler; what is left is the server's to discard. */
  detach(): void;
}

/**
 * The body of a node:http request as a web stream that reads from the socket only when the handler asks (so an
 * unread body stays in the kernel, not in memory), ends when the request does and fails when the client goes away.
 * Cancelling it leaves the request paused for the server to discard. Without `streamed` (a GET or HEAD, whose body
 * fetch cannot carry) no stream is made: nothing would ever read it, and making one costs more than the rest.
 */
function bodyStream(
  incoming: IncomingMessage,
  streamed: boolean,
): { stream: ReadableStream<Uint8Array> | undefined; state: BodyState } {
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let finished = false;
  const onData = (chunk: Buffer) => {
    controller?.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if ((controller?.desiredSize ?? 0) <= 0) {
      incoming.pause();
    }
  };
  const onEnd = () => {
    finished = true;
    const open = controller;
    detach();
    open?.close();
  };
  const onClose = () => {
    if (!finished) {
      const open = controller;
      detach();
      open?.error(new Error("The client closed the connection before the request body ended."));
    }
  };
  const detach = () => {
    incoming.off("data", onData);
    incoming.off("end", onEnd);
    incoming.off("close", onClose);
    incoming.pause();
    controller = undefined;
  };
  incoming.pause();
  incoming.on("data", onData);
  incoming.on("end", onEnd);
  incoming.on("close", onClose);
  const stream = streamed
    ? new ReadableStream<Uint8Array>(
        {
          start(started) {
            controller = started;
          },
          pull() {
            incoming.resume();
          },
          cancel() {
            detach();
          },
        },
        { highWaterMark: 0 },
      )
    : undefined;
  return {
    stream,
    state: {
      get consumed() {
        return finished || incoming.complete;
      },
      detach,
    },
  };
}

/**
 * Turns a node:http request into a fetch Request on `origin` (the request target's path and query only, so an
 * absolute-form target cannot choose the origin), streaming its body on demand.
 */
export function toFetchRequest(incoming: IncomingMessage, origin: string): { request: Request; body: BodyState } {
  const headers = new Headers();
  for (let index = 0; index < incoming.rawHeaders.length; index += 2) {
    const name = incoming.rawHeaders[index];
    const value = incoming.rawHeaders[index + 1];
    if (name !== undefined && value !== undefined) {
      headers.append(name, value);
    }
  }
  const method = incoming.method ?? "GET";
  const init: RequestInit & { duplex?: "half" } = { method, headers };
  // A GET or HEAD may come with a body too; fetch cannot carry it, but the server must still discard it.
  const streamed = bodyStream(incoming, !BODYLESS.has(method));
  if (streamed.stream) {
    init.body = streamed.stream;
    init.duplex = "half";
  }
  return { request: new ServerRequest(`${origin}${requestPath(incoming.url)}`, init), body: streamed.state };
}

// Origin-form targets (`/a?b`) are kept byte for byte; an absolute-form target gives only its path and query.
function requestPath(target: string | undefined): string {
  if (target?.startsWith("/")) {
    return target;
  }
  try {
    const url = new URL(target ?? "/");
    return `${url.pathname}${url.search}`;
  } catch {
    return "/";
  }
}

/**
 * Writes a fetch Response to a node:http response, streaming the body with backpressure. `beforeEnd` runs once the
 * whole answer is written and before the response ends (the server lets an unread request body drain there).
 */
export async function writeFetchResponse(
  response: Response,
  outgoing: ServerResponse,
  method: string,
  beforeEnd?: () => Promise<unknown>,
): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") {
      headers[name] = value;
    }
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) {
    headers["set-cookie"] = cookies;
  }
  if (!beforeEnd) {
    outgoing.writeHead(response.status, response.statusText, headers);
    if (!response.body || method === "HEAD") {
      outgoing.end();
      return;
    }
    await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream<Uint8Array>), outgoing);
    return;
  }
  // The response must be complete on the wire before the server ends it late: a body of known length, and the
  // client told that the connection closes.
  let body: Uint8Array | undefined;
  if (response.body && method !== "HEAD" && headers["content-length"] === undefined) {
    body = new Uint8Array(await response.arrayBuffer());
    headers["content-length"] = String(body.byteLength);
  }
  headers["connection"] = "close";
  outgoing.writeHead(response.status, response.statusText, headers);
  if (body) {
    outgoing.write(body);
  } else if (response.body && method !== "HEAD") {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      if (!outgoing.write(chunk)) {
        await new Promise((resolve) => outgoing.once("drain", resolve));
      }
    }
  }
  await beforeEnd();
  outgoing.end();
}
