import { type IncomingHttpHeaders, request } from "node:http";
import { connect } from "node:net";

/** What the server answered, and when it closed the connection (if it did while we waited). */
export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  json(): unknown;
  /** Resolves true when the server closes the connection within the given time after answering. */
  closedWithin(ms: number): Promise<boolean>;
}

/** A request to send over a connection of its own. */
export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** Bytes sent with Content-Length, or chunks sent chunked until the server answers or they run out. */
  body?: Uint8Array | Iterable<Uint8Array>;
  /** The request fails when no answer came by then. @default 5000 */
  answerWithinMs?: number;
  /**
   * Start counting `answerWithinMs` only once this many body bytes are sent (a body past a limit: the answer is
   * due once the limit is crossed, however long a loaded machine takes to send that much). @default 0
   */
  countFromByte?: number;
}

/** Endless chunks of `a` after an optional start, for uploads that only the server's limit stops. */
export function* endlessChunks(start = "", size = 64 * 1024): Generator<Uint8Array> {
  if (start !== "") {
    yield Buffer.from(start, "latin1");
  }
  const chunk = new Uint8Array(size).fill(0x61);
  for (;;) {
    yield chunk;
  }
}

/** `total` bytes of chunks, then nothing: the client stops sending but keeps the connection. */
export function* limitedChunks(total: number, size = 64 * 1024): Generator<Uint8Array> {
  const chunk = new Uint8Array(size);
  for (let sent = 0; sent < total; sent += size) {
    yield chunk;
  }
}

/**
 * Sends one request over a fresh connection and resolves with the answer, or rejects when none came within
 * `answerWithinMs`. A chunked body is written with backpressure and stops as soon as the answer arrives, without
 * ending the request, so the test can see whether the server closes the connection.
 */
export function send(base: string, raw: RawRequest): Promise<Answer> {
  const url = new URL(raw.path, base);
  const fixed = raw.body instanceof Uint8Array ? raw.body : undefined;
  const headers: Record<string, string> = { ...raw.headers };
  if (fixed) {
    headers["content-length"] = String(fixed.byteLength);
  } else if (raw.body !== undefined && headers["content-length"] === undefined) {
    // Node's client frames a body only for methods it expects one on; DELETE and GET need it said.
    headers["transfer-encoding"] = "chunked";
  }
  return new Promise<Answer>((resolve, reject) => {
    let answered = false;
    const outgoing = request(url, { method: raw.method, headers, agent: false });
    const socketClosed = new Promise<void>((closed) => outgoing.once("close", closed));
    let timer: NodeJS.Timeout | undefined;
    const startClock = () => {
      timer ??= setTimeout(() => {
        outgoing.destroy();
        reject(new Error(`${raw.method} ${raw.path} was not answered within ${raw.answerWithinMs ?? 5000} ms`));
      }, raw.answerWithinMs ?? 5000);
    };
    if (!raw.countFromByte) {
      startClock();
    }
    outgoing.on("error", (error) => {
      if (!answered) {
        clearTimeout(timer);
        reject(error);
      }
    });
    outgoing.on("response", (incoming) => {
      answered = true;
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("error", () => undefined);
      incoming.on("end", () => {
        clearTimeout(timer);
        const body = Buffer.concat(chunks);
        resolve({
          status: incoming.statusCode ?? 0,
          headers: incoming.headers,
          body,
          json: () => JSON.parse(body.toString("utf8")),
          closedWithin: (ms) =>
            Promise.race([
              socketClosed.then(() => true),
              new Promise<boolean>((done) => setTimeout(() => done(false), ms)),
            ]).finally(() => outgoing.destroy()),
        });
      });
    });
    if (fixed || raw.body === undefined) {
      outgoing.end(fixed);
      return;
    }
    const iterator = (raw.body as Iterable<Uint8Array>)[Symbol.iterator]();
    let sent = 0;
    const pump = () => {
      while (!answered && !outgoing.destroyed) {
        const next = iterator.next();
        if (next.done) {
          startClock();
          return; // Never ended: the client went quiet, as a stalled upload does.
        }
        sent += next.value.byteLength;
        if (sent >= (raw.countFromByte ?? 0)) {
          startClock();
        }
        if (!outgoing.write(next.value)) {
          outgoing.once("drain", pump);
          return;
        }
      }
    };
    outgoing.flushHeaders();
    pump();
  });
}

/** Sends raw bytes (for headers Node's client refuses to send) and resolves with what came back before the close. */
export function sendRaw(port: number, bytes: Uint8Array, answerWithinMs = 5000): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(bytes));
    let answer = "";
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${answerWithinMs} ms`));
    }, answerWithinMs);
    socket.on("data", (chunk) => {
      answer += chunk.toString("latin1");
      // One answer is enough: a keep-alive server would otherwise wait for the next request.
      const head = answer.indexOf("\r\n\r\n");
      const length = /content-length:\s*(\d+)/i.exec(answer)?.[1];
      if (head !== -1 && length !== undefined && answer.length >= head + 4 + Number(length)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(answer);
      }
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.on("error", () => undefined);
  });
}
