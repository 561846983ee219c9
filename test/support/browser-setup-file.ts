import { beforeAll, expect, inject } from "vitest";
import { commands } from "vitest/browser";
import { registerByteEquality } from "./bytes.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The browser test files that start MSW's worker, relative to the project's root (see vitest.config.ts). */
    serviceWorkerTests: string[];
  }
}

declare module "vitest/browser" {
  interface BrowserCommands {
    /** Removes every cookie of the browser context (the command is defined in vitest.config.ts). */
    clearCookies: () => Promise<void>;
  }
}

registerByteEquality();

// Each test file starts with no cookies, as if it had the browser to itself. Cookies are per host, not per port: the
// 4D session cookie (HttpOnly) that a README block gets from the mock server on localhost:<one port> would otherwise
// be sent by the next file's page on localhost:<another port>, and page scripts cannot replace an HttpOnly cookie.
// And, but for the files that start MSW's worker, with no service worker: a page the worker controls sees no real
// network (upload progress, the real mock server). The worker stays registered for the origin after the file that
// started it (unregistering does not help: the tab it claimed keeps it alive, and the next file's start would revive it
// without taking control), so those files run last.
beforeAll(async () => {
  await commands.clearCookies();
  const path = expect.getState().testPath ?? "";
  const controller = navigator.serviceWorker.controller;
  if (controller && !inject("serviceWorkerTests").some((file) => path.endsWith(`/${file}`))) {
    throw new Error(
      `A service worker (${controller.scriptURL}) controls the page of ${path}: a file that starts MSW's worker ran ` +
        "before it. List such files in vitest.config.ts's SERVICE_WORKER_TESTS, which run last.",
    );
  }
});
