import { existsSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** Debian's Chromium first, then a browser Playwright downloaded earlier; never a download from here. */
export function findChromium(): string | undefined {
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

/** What to do when there is none. */
export const NO_CHROMIUM_MESSAGE =
  "No Chromium found for the browser tests. Install Debian's: `sudo apt-get install -y chromium` " +
  "(or set CHROMIUM_PATH to a Chrome/Chromium binary).";

/**
 * The features Playwright 1.65 disables in every Chromium it launches (chromiumSwitches.ts). Chromium keeps only the
 * last `--disable-features` it is given, so {@link chromiumArgs}, which disables more, must repeat them;
 * test/support/chromium.test.ts fails when the installed Playwright disables one that is not here.
 */
export const PLAYWRIGHT_DISABLED_FEATURES: readonly string[] = [
  "AvoidUnnecessaryBeforeUnloadCheckSync",
  "DestroyProfileOnBrowserClose",
  "HttpsUpgrades",
  "HttpsFirstBalancedModeAutoEnable",
  "LensOverlay",
  "MediaRouter",
  "PaintHolding",
  "ThirdPartyStoragePartitioning",
  "AvoidCorsURLLoaderRestartOnRedirect",
  "TcpPortRandomizationWin",
  "OptimizationHints",
  "NetworkTimeServiceQuerying",
  "AimEnabled",
  "PreconnectToSearch",
  "msForceBrowserSignIn",
  "msEdgeUpdateLaunchServicesPreferredVersion",
];

/** Headless flags for a container without a GPU or a sandbox, and without Chromium's own background traffic. */
export const chromiumArgs: string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Headless Chromium renders the address bar's popup (two WebUI pages) in a renderer of its own at every launch,
  // though nothing shows it: ~1.6 of a launch's ~3.4 CPU-s.
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, "WebUIOmniboxPopup", "WebUIOmniboxAimPopup"].join(",")}`,
];
