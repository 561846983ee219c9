import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { getResponse, type RequestHandler } from "msw";
import { bundledDocument } from "../document/openapi.ts";
import { isValidHost } from "../runtime/request-target.ts";
import { toFetchRequest, writeFetchResponse } from "./http-adapter.ts";

/** Options of {@link startMockServer}. */
export interface MockServerOptions {
  /** MSW handlers answering the API requests (the same ones the tests and the browser worker use). */
  handlers: RequestHandler[];
  /** Port to listen on; 0 picks a free one. @default 4010 */
  port?: number;
  /** Interface to listen on. @default "127.0.0.1" */
  host?: string;
  /**
   * The URL clients reach the server at, used for `Location` headers and `self` links. On a loopback interface the
   * request's `Host` header gives it (so `localhost` and `127.0.0.1` both work); on any other interface the `Host`
   * header is never trusted, and this (or `http://<host>:<port>`) is used.
   */
  publicUrl?: string;
  /**
   * Origins whose pages may call the server across origins (CORS, credentials included). On a loopback interface
   * every origin may, unless this lists some; on any other interface only the listed ones.
   * @default [] (loopback: any origin)
   */
  corsOrigins?: string[];
  /** A connection that sends nothing for this long is closed. @default 30000 */
  idleTimeoutMs?: number;
  /** A request whose headers have not all arrived after this long gets `408` and is closed. @default 10000 */
  headersTimeoutMs?: number;
  /**
   * After answering a request whose body it did not read to the end (a `413`, an error before the body), the server
   * discards the rest for this long so the client can read the answer, then closes the connection. @default 1000
   */
  lingerMs?: number;
  /**
   * Folder holding the rendered docs (`index.html`, `openapi.yaml`, the example files under `examples/`), served at
   * `/docs`, `/openapi.yaml` and `/docs/examples/<file>`.
   */
  docsDir?: string;
  /** Receives one line per request. @default no logging */
  log?: (line: string) => void;
}

/** A started mock server. */
export interface RunningMockServer {
  /** Base URL, e.g. `http://127.0.0.1:4010`. */
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

const EXPOSED_HEADERS = [
  "Location",
  "Content-Disposition",
  "Content-Range",
  "Content-Length",
  "Accept-Ranges",
  "Retry-After",
  "ETag",
  "X-Request-Id",
].join(", ");

// Browsers call the mock from a dev server on another port: answer CORS, credentials included (4D's session
// cookie), to the origins the server allows.
function corsHeaders(request: IncomingMessage, allowed: (origin: string) => boolean): Record<string, string> {
  const origin = request.headers.origin;
  if (origin !== undefined && !allowed(origin)) {
    return { vary: "Origin" };
  }
  return {
    "access-control-allow-origin": origin ?? "*",
    ...(origin ? { "access-control-allow-credentials": "true", vary: "Origin" } : {}),
    "access-control-allow-methods": "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
    "access-control-allow-headers": request.headers["access-control-request-headers"] ?? "*",
    "access-control-expose-headers": EXPOSED_HEADERS,
    "access-control-max-age": "600",
  };
}

/** True for an interface only this machine reaches. */
function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

// Discards what is left of a body the handler did not read and resolves (true) when it ends, or (false) after
// `lingerMs`: the client can finish sending and read the answer before the connection closes (closing at once would
// reset it and lose the answer), and an endless or abandoned upload holds neither memory nor the socket for long.
function discardRest(incoming: IncomingMessage, lingerMs: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), lingerMs);
    const done = () => {
      clearTimeout(timer);
      resolve(incoming.complete);
    };
    incoming.once("end", done);
    incoming.once("close", done);
    incoming.resume();
  });
}

// Like Go's net/http: a small unread body is read to its end before answering, so the connection stays usable;
// a larger or endless one is answered at once and the connection closed after it.
const DRAIN_BEFORE_ANSWER_BYTES = 256 * 1024;

const SECRET_QUERY = /([?&](?:[^=&]*(?:password|token|secret|key)[^=&]*)=)[^&]*/gi;

function logPath(url: string | undefined): string {
  return (url ?? "/").replace(SECRET_QUERY, "$1[REDACTED]").slice(0, 300);
}

async function staticFile(path: string, contentType: string): Promise<Response | undefined> {
  const body = await readFile(path).catch(() => undefined);
  return body && new Response(new Uint8Array(body), { headers: { "content-type": contentType } });
}

function docsNotBuilt(): Response {
  const html = `<!doctype html><meta charset="utf-8"><title>bytewire docs</title>
<h1>API docs are not built</h1><p>Run <code>npm run docs</code> (or <code>npm start</code>, which builds them), then reload.
The raw document is at <a href="/openapi.json">/openapi.json</a>.</p>`;
  return new Response(html, { status: 503, headers: { "content-type": "text/html; charset=utf-8" } });
}

async function sitePage(pathname: string, docsDir: string | undefined): Promise<Response | undefined> {
  switch (pathname) {
    case "/openapi.json":
      return Response.json(bundledDocument);
    case "/openapi.yaml":
      return docsDir ? await staticFile(join(docsDir, "openapi.yaml"), "application/yaml; charset=utf-8") : undefined;
    case "/docs":
    case "/docs/":
      return (docsDir && (await staticFile(join(docsDir, "index.html"), "text/html; charset=utf-8"))) || docsNotBuilt();
    case "/":
      return new Response(null, { status: 302, headers: { location: "/docs" } });
    case "/favicon.ico":
      // Browsers ask for it with every page; a 404 would be a console error on the docs.
      return new Response(null, { status: 204 });
    default: {
      // The files the docs' binary examples link to, served as downloads.
      const example = DOCS_EXAMPLE.exec(pathname)?.[1];
      return example && docsDir
        ? await staticFile(join(docsDir, "examples", example), "application/octet-stream")
        : undefined;
    }
  }
}

const DOCS_EXAMPLE = /^\/docs\/examples\/([\w-]+\.\w+)$/;

function jsonError(status: number, message: string): Response {
  return Response.json({ error: message }, { status });
}

/**
 * Serves the MSW handlers over real HTTP with CORS, plus the rendered docs at `/docs` and the document at
 * `/openapi.json` and `/openapi.yaml`. Survives any bad request: a failure becomes a 500 and a log line. Every
 * request gets an answer, a body the handlers leave unread is discarded rather than kept, and idle connections close.
 */
export async function startMockServer(options: MockServerOptions): Promise<RunningMockServer> {
  // Optional calls: without a logger, no log line (a regex over the path, a template) is built.
  const log = options.log;
  const host = options.host ?? "127.0.0.1";
  const loopback = isLoopback(host);
  const corsOrigins = new Set(options.corsOrigins ?? []);
  const allowOrigin = (origin: string) => (corsOrigins.size === 0 ? loopback : corsOrigins.has(origin));
  const lingerMs = options.lingerMs ?? 1000;
  let listenOrigin = "";
  const originOf = (incoming: IncomingMessage): string => {
    if (options.publicUrl !== undefined) {
      return new URL(options.publicUrl).origin;
    }
    const hostHeader = incoming.headers.host;
    return loopback && hostHeader !== undefined && isValidHost(hostHeader) ? `http://${hostHeader}` : listenOrigin;
  };
  const headersTimeoutMs = options.headersTimeoutMs ?? 10_000;
  // Node checks the headers timeout every `connectionsCheckingInterval` (30 s by default): check often enough.
  const checking = { connectionsCheckingInterval: Math.max(100, Math.min(1000, headersTimeoutMs / 2)) };
  const server = createServer(checking, async (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const started = performance.now();
    const method = incoming.method ?? "GET";
    incoming.on("error", () => undefined);
    outgoing.on("error", () => undefined);
    for (const [name, value] of Object.entries(corsHeaders(incoming, allowOrigin))) {
      outgoing.setHeader(name, value);
    }
    const { request, body } = toFetchRequest(incoming, originOf(incoming));
    // A body the handlers left unread (an error before it, a body past the limit) is discarded; the answer waits
    // for a small one, and a large one is answered at once on a connection that closes after it.
    const unreadBody = async (): Promise<(() => Promise<unknown>) | undefined> => {
      if (body.consumed) {
        return undefined;
      }
      body.detach();
      const drained = discardRest(incoming, lingerMs);
      const declared = Number(incoming.headers["content-length"] ?? Number.NaN);
      if (declared <= DRAIN_BEFORE_ANSWER_BYTES && (await drained)) {
        return undefined;
      }
      return () => drained;
    };
    let status = 500;
    try {
      const pathname = new URL(request.url).pathname;
      let response: Response;
      if (method === "OPTIONS" && incoming.headers["access-control-request-method"]) {
        response = new Response(null, { status: 204 });
      } else {
        // RFC 9110 §7.2: a Host that is no host is a 400; the APIs' handlers answer it in their own shape.
        const hostValid = incoming.headers.host === undefined || isValidHost(incoming.headers.host);
        response =
          (hostValid ? await sitePage(pathname, options.docsDir) : undefined) ??
          (await getResponse(options.handlers, request)) ??
          (hostValid
            ? jsonError(404, `No mocked API answers ${method} ${pathname}.`)
            : jsonError(400, "The Host header is not a host and port (RFC 9110 §7.2)."));
      }
      status = response.status;
      await writeFetchResponse(response, outgoing, method, await unreadBody());
    } catch (error) {
      log?.(
        `error handling ${method} ${logPath(incoming.url)}: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (!outgoing.headersSent) {
        outgoing.writeHead(500, { "content-type": "application/json" });
        outgoing.end(JSON.stringify({ error: "The mock server failed to handle this request." }));
      } else {
        outgoing.destroy();
      }
    } finally {
      log?.(`${method} ${logPath(incoming.url)} ${status} ${Math.round(performance.now() - started)}ms`);
    }
  });
  server.headersTimeout = headersTimeoutMs;
  server.requestTimeout = 0;
  server.timeout = options.idleTimeoutMs ?? 30_000;
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    const status =
      error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? "408 Request Timeout"
        : error.code === "HPE_HEADER_OVERFLOW"
          ? "431 Request Header Fields Too Large"
          : "400 Bad Request";
    if (socket.writable) {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    }
    setTimeout(() => socket.destroy(), lingerMs).unref();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4010, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  listenOrigin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    url: listenOrigin,
    port,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
