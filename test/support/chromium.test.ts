import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { chromiumArgs, PLAYWRIGHT_DISABLED_FEATURES } from "./chromium.ts";

// Our `--disable-features` replaces Playwright's (Chromium keeps the last one), so it must hold every feature the
// installed Playwright disables: read from its bundled source, as Playwright exports no list of its switches.
const fromPlaywright = createRequire(createRequire(import.meta.url).resolve("playwright"));

function playwrightDisabledFeatures(): string[] {
  const source = readFileSync(fromPlaywright.resolve("playwright-core/lib/coreBundle"), "utf8");
  const list = /disabledFeatures = \[([\s\S]*?)\]/.exec(source)?.[1];
  if (list === undefined) {
    throw new Error(
      "The installed Playwright no longer lists its disabled Chromium features where this test reads them: compare " +
        "PLAYWRIGHT_DISABLED_FEATURES in test/support/chromium.ts with its chromiumSwitches.ts by hand.",
    );
  }
  return [...list.replaceAll(/\/\/.*$/gm, "").matchAll(/"([^"]+)"/g)].map((match) => match[1] ?? "");
}

describe("the Chromium flags of the tests", () => {
  it("disable every feature the installed Playwright disables, and the address bar's popup", () => {
    const playwright = playwrightDisabledFeatures();
    expect(playwright.length).toBeGreaterThan(5);
    expect(playwright.filter((feature) => !PLAYWRIGHT_DISABLED_FEATURES.includes(feature))).toEqual([]);
    const disabled = chromiumArgs.filter((arg) => arg.startsWith("--disable-features="));
    expect(disabled).toHaveLength(1);
    expect(disabled[0]?.slice("--disable-features=".length).split(",")).toEqual(
      expect.arrayContaining([...playwright, "WebUIOmniboxPopup", "WebUIOmniboxAimPopup"]),
    );
  });
});
