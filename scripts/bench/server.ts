// The mock server for the benchmark, in its own process so that its memory (it keeps uploads in memory) is not
// counted against the client's. Prints its URL on the first line of stdout.
import { createMockBackend } from "bytewire/mocks";
import { startMockServer } from "bytewire/mocks/node";

const limit = Number(process.env["BENCH_LIMIT_BYTES"] ?? 4 * 1024 ** 3);
const backend = createMockBackend({ cumulocity: { maxUploadBytes: limit }, fourd: { maxBodyBytes: limit } });
const server = await startMockServer({ handlers: backend.handlers, port: 0 });
console.log(server.url);
process.on("SIGTERM", () => {
  void server.close().then(() => process.exit(0));
});
