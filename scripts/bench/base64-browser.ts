// Runs base64-page.ts in headless Chromium (Debian's, through Playwright; never a downloaded browser).
import { join } from "node:path";
import { build } from "esbuild";
import { chromium } from "playwright";
import { chromiumArgs, findChromium } from "../../test/support/chromium.ts";
import { root } from "../lib/generated-files.ts";
import type { Base64Timing } from "./base64-timing.ts";

/** The timings and the browser's version, or why there are none. */
export type BrowserBase64 = { browser: string; timings: Base64Timing[] } | { skipped: string };

export async function base64InChromium(sizes: number[], rounds: number): Promise<BrowserBase64> {
  const executablePath = findChromium();
  if (!executablePath) {
    return { skipped: "no Chromium found (install Debian's chromium, or set CHROMIUM_PATH)" };
  }
  const bundle = await build({
    entryPoints: [join(root, "scripts/bench/base64-page.ts")],
    bundle: true,
    write: false,
    platform: "browser",
    format: "iife",
    target: "es2022",
    logLevel: "silent",
  });
  const browser = await chromium.launch({ executablePath, args: [...chromiumArgs, "--js-flags=--expose-gc"] });
  try {
    const page = await browser.newPage();
    await page.addScriptTag({ content: bundle.outputFiles[0]?.text ?? "" });
    const hasNative = await page.evaluate(() => "fromBase64" in Uint8Array);
    if (!hasNative) {
      return { skipped: `Chromium ${browser.version()} has no native Uint8Array.fromBase64` };
    }
    const timings = await page.evaluate(
      ([pageSizes, pageRounds]) =>
        (globalThis as unknown as { runBase64Bench(s: number[], r: number): Base64Timing[] }).runBase64Bench(
          pageSizes,
          pageRounds,
        ),
      [sizes, rounds] as const,
    );
    return { browser: `Chromium ${browser.version()}`, timings };
  } finally {
    await browser.close();
  }
}
