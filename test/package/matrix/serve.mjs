// The matrix's mock server: `npm start`'s server and handlers from the installed tarball, plus the PingOne recorder.
// Prints `{"url": ...}` once listening; `POST /__matrix/reset` restores the demo data between runtimes.
import { createMockBackend } from "bytewire/mocks";
import { startMockServer } from "bytewire/mocks/node";
import { HttpResponse, http } from "msw";
import { recordPingOneImages } from "./recorder.mjs";

const backend = createMockBackend();
const reset = http.post("*/__matrix/reset", () => {
  backend.reset();
  return new HttpResponse(null, { status: 204 });
});
const server = await startMockServer({
  handlers: [reset, recordPingOneImages(backend, { http, HttpResponse }), ...backend.handlers],
  port: 0,
});
console.log(JSON.stringify({ url: server.url }));
process.stdin.resume();
process.stdin.on("end", () => server.close().then(() => process.exit(0)));
