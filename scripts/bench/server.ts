// The bench's local server: answers the few requests the transfers make in the shape of 4D and Cumulocity, but only
// counts what it receives and generates what it sends (no validation, no storage, no auth check), so the figures
// measure the client. Runs in its own process (its CPU and memory are not the client's) and prints its URL.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { payloadBlock, payloadChunks } from "./payload.ts";

const block = payloadBlock();
const MANAGED_OBJECT = "application/vnd.com.nsn.cumulocity.managedobject+json";
const COLLECTION = "application/vnd.com.nsn.cumulocity.managedobjectcollection+json";

/** One fixed Cumulocity list page (5 binaries), serialised once. */
function listPage(origin: string): Buffer {
  const managedObjects = Array.from({ length: 5 }, (_, index) => ({
    id: String(index + 1),
    self: `${origin}/inventory/binaries/${index + 1}`,
    name: `file-${index + 1}.bin`,
    type: "application/octet-stream",
    contentType: "application/octet-stream",
    length: 1024 * (index + 1),
    owner: "admin",
    creationTime: "2024-03-18T09:30:12.345Z",
    lastUpdated: "2024-03-18T09:30:12.345Z",
    c8y_IsBinary: {},
  }));
  return Buffer.from(
    JSON.stringify({
      self: `${origin}/inventory/binaries?pageSize=5&currentPage=1`,
      next: `${origin}/inventory/binaries?pageSize=5&currentPage=2`,
      managedObjects,
      statistics: { currentPage: 1, pageSize: 5 },
    }),
  );
}

/** Reads and counts a request body. */
async function count(request: IncomingMessage): Promise<number> {
  let received = 0;
  for await (const chunk of request) {
    received += (chunk as Buffer).length;
  }
  return received;
}

function json(response: ServerResponse, status: number, type: string, body: string | Buffer, headers = {}): void {
  response.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body), ...headers });
  response.end(body);
}

let page: Buffer | undefined;
let origin = "";

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? "/", origin);
  const path = url.pathname;
  if (request.method === "POST" && path === "/rest/$directory/login") {
    await count(request);
    json(response, 200, "application/json", '{"result":true}', { "set-cookie": "4DSID_App=bench; Path=/; HttpOnly" });
  } else if (request.method === "POST" && path === "/rest/$upload") {
    // 4D's upload ID is 32 hexadecimal characters; this one carries the byte count, so the client can check it.
    const received = await count(request);
    json(
      response,
      200,
      "application/json",
      JSON.stringify({ ID: received.toString(16).toUpperCase().padStart(32, "0") }),
    );
  } else if (request.method === "POST" && path === "/inventory/binaries") {
    // `length` is the whole multipart body received (parts' heads and tails included).
    const received = await count(request);
    const body = JSON.stringify({
      id: "1",
      self: `${origin}/inventory/binaries/1`,
      name: "bench.bin",
      type: "application/octet-stream",
      contentType: "application/octet-stream",
      length: received,
      c8y_IsBinary: {},
    });
    json(response, 201, MANAGED_OBJECT, body, { location: `${origin}/inventory/binaries/1` });
  } else if (request.method === "GET" && path === "/inventory/binaries") {
    page ??= listPage(origin);
    json(response, 200, COLLECTION, page);
  } else if (request.method === "GET" && /^\/inventory\/binaries\/\d+$/.test(path)) {
    // The binary's ID is its size in bytes.
    const size = Number(path.slice("/inventory/binaries/".length));
    response.writeHead(200, {
      "content-type": "application/octet-stream",
      "content-length": size,
      "content-disposition": 'attachment; filename="bench.bin"',
    });
    await pipeline(Readable.from(payloadChunks(size, block), { objectMode: false }), response);
  } else {
    await count(request);
    json(response, 404, "application/json", '{"error":"bench/notFound","message":"not a bench route"}');
  }
}

const server = createServer({ keepAliveTimeout: 60_000 }, (request, response) => {
  handle(request, response).catch((error: unknown) => {
    response.destroy(error instanceof Error ? error : new Error(String(error)));
  });
});
server.listen(0, "127.0.0.1", () => {
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  console.log(origin);
});
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
