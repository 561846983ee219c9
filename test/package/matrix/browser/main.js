// The matrix in Chromium, built with Vite from the installed tarball as an app would be. `?server=<url>` runs the cells
// against the mock server on another origin; without it the page starts the MSW worker (as the README's front-end setup
// does) and the page's own origin is the API. The outcome lands in `window.matrix` for the driver (scripts/matrix.ts).
import { runMatrix } from "../cells.mjs";

const parameters = new URLSearchParams(location.search);

async function baseUrl() {
  const server = parameters.get("server");
  if (server) {
    return server;
  }
  const [{ startMockWorker }, { http, HttpResponse }, { recordPingOneImages }] = await Promise.all([
    import("bytewire/mocks/browser"),
    import("msw"),
    import("../recorder.mjs"),
  ]);
  const running = await startMockWorker({ quiet: true });
  running.worker.use(recordPingOneImages(running.backend, { http, HttpResponse }));
  return location.origin;
}

window.matrix = { done: false };
baseUrl()
  .then((url) => runMatrix({ baseUrl: url, only: parameters.get("only") ?? "*:*", log: (line) => console.log(line) }))
  .then(
    (row) => {
      window.matrix = { done: true, row };
    },
    (error) => {
      window.matrix = { done: true, error: String(error?.stack ?? error) };
    },
  );
