import { readFileSync } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { createMockBackend } from "bytewire/mocks";
import { type RunningMockServer, startMockServer } from "bytewire/mocks/node";
import { type Browser, chromium, type Page } from "playwright";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDocs, docsDir } from "../../scripts/lib/docs.ts";
import { chromiumArgs, findChromium, NO_CHROMIUM_MESSAGE } from "../support/chromium.ts";

// The docs as a reader gets them: rendered by `npm run docs`, served by the mock server at /docs, opened in Chromium.
// Every API's section must render with its operations and their TypeScript samples, the page must log no error, and
// it must load nothing from anywhere but the server itself (the page is meant to work offline).

const root = resolve(import.meta.dirname, "../..");
const screenshot = join(root, "test-results", "docs.png");
const operationScreenshot = join(root, "test-results", "docs-operation.png");

interface DocumentOperation {
  operationId: string;
  summary: string;
  tags: string[];
  "x-codeSamples"?: { lang: string; label?: string; source: string }[];
}

const document = JSON.parse(readFileSync(join(root, "generated", "openapi.json"), "utf8")) as {
  "x-tagGroups": { name: string; tags: string[] }[];
  paths: Record<string, Record<string, DocumentOperation>>;
};
const groups = document["x-tagGroups"];
const operations = Object.values(document.paths).flatMap((item) =>
  Object.values(item).filter((value): value is DocumentOperation => typeof value?.operationId === "string"),
);

/** A section heading by its exact text (its accessible name also holds the deep-link anchor's label). */
const heading = (text: string) =>
  page.locator("h2").filter({ hasText: new RegExp(`^${text.replaceAll(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) });

/** Redoc's route for a tag or an operation: the name lower-cased, spaces as hyphens. */
const slug = (name: string) => name.toLowerCase().replaceAll(/\s+/g, "-");

let server: RunningMockServer;
let browser: Browser;
let page: Page;
const requests: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error(NO_CHROMIUM_MESSAGE);
  }
  await buildDocs();
  server = await startMockServer({ handlers: createMockBackend().handlers, port: 0, docsDir });
  browser = await chromium.launch({ executablePath, args: chromiumArgs });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on("request", (request) => {
    requests.push(request.url());
  });
  page.on("console", (message) => {
    if (message.type() === "error") {
      consoleErrors.push(`${message.text()} (${message.location().url})`);
    }
  });
  page.on("pageerror", (error) => {
    consoleErrors.push(`uncaught: ${error.message}`);
  });
  await page.goto(`${server.url}/docs`, { waitUntil: "networkidle" });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("the rendered docs at /docs", () => {
  it("open on the document's title, with every API group and tag in the sidebar", { timeout: 60_000 }, async () => {
    await expect(page.title()).resolves.toBe("bytewire API docs");
    await page.getByRole("heading", { level: 1, name: "bytewire binary resources API" }).waitFor();
    expect(groups.map((group) => group.name)).toEqual(["PingDS HDAP", "4D REST", "Cumulocity IoT", "PingOne Platform"]);
    for (const group of groups) {
      await page.getByText(group.name, { exact: true }).first().waitFor();
      for (const tag of group.tags) {
        await page.getByText(tag, { exact: true }).last().waitFor();
      }
    }
    await mkdir(join(root, "test-results"), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    expect((await stat(screenshot)).size).toBeGreaterThan(20_000);
  });

  for (const tag of groups.flatMap((group) => group.tags)) {
    it(`render the ${tag} section with its operations and their code samples`, { timeout: 60_000 }, async () => {
      const [first, ...others] = operations.filter((operation) => operation.tags.includes(tag));
      if (!first) {
        throw new Error(`No operation is tagged ${tag}.`);
      }
      await page.goto(`${server.url}/docs#/${slug(tag)}`);
      await heading(tag).waitFor();
      // The sidebar opens the tag and lists its operations by summary.
      for (const operation of [first, ...others]) {
        await page.getByText(operation.summary, { exact: true }).filter({ visible: true }).first().waitFor();
      }
      await page.goto(`${server.url}/docs#/${slug(tag)}/${slug(first.operationId)}`);
      await heading(first.summary).waitFor();

      // The request-sample panel opens on the TypeScript sample (first in redocly.yaml), highlighted as TypeScript.
      const samples = first["x-codeSamples"] ?? [];
      const typescript = samples.find((sample) => sample.lang === "TypeScript")?.source ?? "";
      const importLine = typescript.split("\n")[0] ?? "";
      expect(importLine).toMatch(/^import .* from "bytewire\/\w+";$/);
      const languages = page.getByRole("button", { name: "TypeScript (bytewire)" }).first();
      await languages.waitFor();
      await page.locator("pre code[data-language=ts]").filter({ hasText: importLine }).first().waitFor();
      if (tag === "PingOne images") {
        await page.screenshot({ path: operationScreenshot });
      }

      // The curl sample is the other choice.
      const curl = samples.find((sample) => sample.label === "curl")?.source ?? "";
      const curlLine = curl.split("\n").find((line) => line.startsWith("curl ")) ?? "";
      expect(curlLine).not.toBe("");
      await languages.click();
      await page.getByRole("menuitem", { name: "curl" }).first().click();
      await page.locator("pre code").filter({ hasText: curlLine }).first().waitFor();
      await page.getByRole("button", { name: "curl" }).first().click();
      await page.getByRole("menuitem", { name: "TypeScript (bytewire)" }).first().click();
      await languages.waitFor();
    });
  }

  it("logged no console error and loaded nothing from another origin", () => {
    expect(requests.length).toBeGreaterThan(0);
    const foreign = requests.filter(
      (url) => !url.startsWith(`${server.url}/`) && !url.startsWith("data:") && !url.startsWith(`blob:${server.url}/`),
    );
    expect(foreign).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
