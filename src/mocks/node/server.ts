import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { getResponse, type RequestHandler } from "msw";
import { bundledDocument } from "../document/bundled.ts";
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

// Browsers call the mock from a dev server on another port: answer CORS, credentials included (4D's session cookie).
function corsHeaders(request: IncomingMessage): Record<string, string> {
  const origin = request.headers.origin;
  return {
    "access-control-allow-origin": origin ?? "*",
    ...(origin ? { "access-control-allow-credentials": "true", vary: "Origin" } : {}),
    "access-control-allow-methods": "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
    "access-control-allow-headers": request.headers["access-control-request-headers"] ?? "*",
    "access-control-expose-headers": EXPOSED_HEADERS,
    "access-control-max-age": "600",
  };
}

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
 * `/openapi.json` and `/openapi.yaml`. Survives any bad request: a failure becomes a 500 and a log line.
 */
export async function startMockServer(options: MockServerOptions): Promise<RunningMockServer> {
  const log = options.log ?? (() => undefined);
  const server = createServer(async (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const started = performance.now();
    const method = incoming.method ?? "GET";
    incoming.on("error", () => undefined);
    outgoing.on("error", () => undefined);
    for (const [name, value] of Object.entries(corsHeaders(incoming))) {
      outgoing.setHeader(name, value);
    }
    let status = 500;
    try {
      const origin = `http://${incoming.headers.host ?? "localhost"}`;
      const request = toFetchRequest(incoming, origin);
      const pathname = new URL(request.url).pathname;
      let response: Response;
      if (method === "OPTIONS" && incoming.headers["access-control-request-method"]) {
        response = new Response(null, { status: 204 });
      } else {
        response =
          (await sitePage(pathname, options.docsDir)) ??
          (await getResponse(options.handlers, request)) ??
          jsonError(404, `No mocked API answers ${method} ${pathname}.`);
      }
      status = response.status;
      await writeFetchResponse(response, outgoing, method);
    } catch (error) {
      log(
        `error handling ${method} ${logPath(incoming.url)}: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (!outgoing.headersSent) {
        outgoing.writeHead(500, { "content-type": "application/json" });
        outgoing.end(JSON.stringify({ error: "The mock server failed to handle this request." }));
      } else {
        outgoing.destroy();
      }
    } finally {
      log(`${method} ${logPath(incoming.url)} ${status} ${Math.round(performance.now() - started)}ms`);
    }
  });
  server.on("clientError", (_error, socket) => {
    if (socket.writable) {
      socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4010, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? "127.0.0.1";
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
