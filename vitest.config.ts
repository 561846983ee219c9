import { existsSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { playwright } from "@vitest/browser-playwright";
import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// Tests import the package by its public name; this export condition points those imports at src/ instead of dist/.
const SOURCE_CONDITION = "bytewire-source";

/** Debian's Chromium first, then a browser Playwright downloaded earlier; never a download from here. */
function findChromium(): string | undefined {
  const candidates = [process.env["CHROMIUM_PATH"], "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  const cache = process.env["PLAYWRIGHT_BROWSERS_PATH"] ?? join(homedir(), ".cache", "ms-playwright");
  if (existsSync(cache)) {
    for (const dir of readdirSync(cache)
      .filter((name) => name.startsWith("chromium-"))
      .sort()
      .reverse()) {
      candidates.push(join(cache, dir, "chrome-linux", "chrome"), join(cache, dir, "chrome-linux64", "chrome"));
    }
  }
  return candidates.find((path): path is string => path !== undefined && existsSync(path));
}

const chromium = findChromium();
if (!chromium) {
  throw new Error(
    "No Chromium found for the browser tests. Install Debian's: `sudo apt-get install -y chromium` " +
      "(or set CHROMIUM_PATH to a Chrome/Chromium binary).",
  );
}

export const chromiumArgs: string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export default defineConfig({
  resolve: { conditions: [SOURCE_CONDITION, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "node",
          environment: "node",
          include: ["test/**/*.test.ts"],
          exclude: ["test/**/*.browser.test.ts"],
          globalSetup: ["test/support/global-setup.ts"],
          setupFiles: ["test/support/setup-file.ts"],
          typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
        },
      },
      {
        extends: true,
        publicDir: "test/browser/public",
        test: {
          name: "browser",
          include: ["test/**/*.browser.test.ts"],
          globalSetup: ["test/support/browser-global-setup.ts"],
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            instances: [{ browser: "chromium" }],
            provider: playwright({
              launchOptions: { ...(chromium ? { executablePath: chromium } : {}), args: chromiumArgs },
            }),
          },
        },
      },
    ],
  },
});
