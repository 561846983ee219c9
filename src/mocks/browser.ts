import { type SetupWorker, setupWorker } from "msw/browser";
import { createMockBackend, type MockBackend, type MockBackendOptions } from "./backend.ts";

/** Options of {@link startMockWorker}. */
export interface MockWorkerOptions extends MockBackendOptions {
  /** Where the page serves `mockServiceWorker.js` (write it with `npx msw init <public dir>`). @default "/mockServiceWorker.js" */
  serviceWorkerUrl?: string;
  /** Silence MSW's console messages. @default false */
  quiet?: boolean;
}

/** A running browser mock. */
export interface RunningMockWorker {
  worker: SetupWorker;
  backend: MockBackend;
  stop(): void;
}

/**
 * Starts the mock of all four APIs in the browser through MSW's service worker: the page's own fetch and
 * XMLHttpRequest calls to the APIs' paths are answered by the same handlers as `npm start` and the tests.
 *
 * @example
 * if (import.meta.env.DEV) {
 *   const { startMockWorker } = await import("bytewire/mocks/browser");
 *   await startMockWorker();
 * }
 */
export async function startMockWorker(options: MockWorkerOptions = {}): Promise<RunningMockWorker> {
  const { serviceWorkerUrl = "/mockServiceWorker.js", quiet = false, ...backendOptions } = options;
  const backend = createMockBackend(backendOptions);
  const worker = setupWorker(...backend.handlers);
  await worker.start({ serviceWorker: { url: serviceWorkerUrl }, onUnhandledRequest: "bypass", quiet });
  return { worker, backend, stop: () => worker.stop() };
}
