// The HTTP mock server in a process of its own, so that a test can measure its memory and a stuck event loop in the
// server cannot stall the test. It prints its URL, and answers IPC messages: `memory` (after forced garbage
// collections) and `connections` (sockets still open).
import { createMockBackend } from "bytewire/mocks";
import { startMockServer } from "bytewire/mocks/node";

const errors: string[] = [];
const backend = createMockBackend({
  // A response off the document becomes a 500, which the tests count as a failure.
  validateResponses: "throw",
  onError: (error, operationId) => errors.push(`${operationId}: ${error instanceof Error ? error.message : error}`),
});
const server = await startMockServer({ handlers: backend.handlers, port: 0 });

const collect = global.gc ?? (() => undefined);

async function settledRss(): Promise<number> {
  // Several collections with pauses between: freed buffers go back in more than one pass.
  for (let round = 0; round < 5; round++) {
    collect();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return process.memoryUsage().rss;
}

process.on("message", async (message: { id: number; ask: "memory" | "connections" | "errors" }) => {
  const answer =
    message.ask === "memory"
      ? await settledRss()
      : message.ask === "connections"
        ? await new Promise<number>((resolve) => server.server.getConnections((_, count) => resolve(count)))
        : errors;
  process.send?.({ id: message.id, answer });
});
process.on("disconnect", () => process.exit(0));
process.stdout.write(`${server.url}\n`);
