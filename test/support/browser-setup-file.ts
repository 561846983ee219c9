import { beforeAll } from "vitest";
import { commands } from "vitest/browser";

declare module "vitest/browser" {
  interface BrowserCommands {
    /** Removes every cookie of the browser context (the command is defined in vitest.config.ts). */
    clearCookies: () => Promise<void>;
  }
}

// Each test file starts with no cookies, as if it had the browser to itself. Cookies are per host, not per port: the
// 4D session cookie (HttpOnly) that a README block gets from the mock server on localhost:<one port> would otherwise
// be sent by the next file's page on localhost:<another port>, and page scripts cannot replace an HttpOnly cookie.
beforeAll(async () => {
  await commands.clearCookies();
});
