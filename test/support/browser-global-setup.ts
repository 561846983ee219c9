import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { writeWorker } from "../../scripts/lib/worker.ts";
// By file: the browser project resolves `bytewire/*` for the page, not for this Node-side setup.
import { createMockBackend } from "../../src/mocks/index.ts";
import { type RunningMockServer, startMockServer } from "../../src/mocks/node/index.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /**
     * A mock server as `npm start` runs it, for browser tests that call it across origins (CORS, the 4D session
     * cookie); `localhost`, so that the page (also on localhost) and the server are the same site.
     */
    mockServerUrl: string;
  }
}

let server: RunningMockServer | undefined;

// The browser tests serve test/browser/public at the site root; MSW's worker script must be there, from the
// installed msw version (npm 11 blocks msw's own postinstall that would copy it).
export async function setup(project: TestProject): Promise<void> {
  await writeWorker(join(import.meta.dirname, "..", "browser", "public"));
  server = await startMockServer({ handlers: createMockBackend().handlers, port: 0 });
  project.provide("mockServerUrl", `http://localhost:${server.port}`);
}

export async function teardown(): Promise<void> {
  await server?.close();
}
