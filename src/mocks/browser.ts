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
 * Keeps a cookie the mock sets (4D's session) in `document.cookie`: browsers ignore `Set-Cookie` on a response a
 * service worker makes up, and MSW hands `document.cookie` back to the handlers with each request. `HttpOnly` is
 * dropped because a script cannot set such a cookie; the page could read the mock's session ID, a real server's not.
 */
function storeInDocument(cookie: string): void {
  // biome-ignore lint/suspicious/noDocumentCookie: MSW reads the page's cookies from document.cookie, and the Cookie Store API is not in every browser
  document.cookie = cookie.replace(/;\s*HttpOnly/gi, "");
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
  const backend = createMockBackend({ onSetCookie: storeInDocument, ...backendOptions });
  const worker = setupWorker(...backend.handlers);
  await worker.start({ serviceWorker: { url: serviceWorkerUrl }, onUnhandledRequest: "bypass", quiet });
  return { worker, backend, stop: () => worker.stop() };
}
