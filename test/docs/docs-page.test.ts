import { readFileSync } from "node:fs";
import { mkdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { createMockBackend, namedExampleBytes } from "bytewire/mocks";
import { type RunningMockServer, startMockServer } from "bytewire/mocks/node";
import { type Browser, chromium, type Page } from "playwright";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDocs, docsDir } from "../../scripts/lib/docs.ts";
import { chromiumArgs, findChromium, NO_CHROMIUM_MESSAGE } from "../support/chromium.ts";

// The docs as a reader gets them: rendered by `npm run docs`, served by the mock server at /docs, opened in Chromium.
// Every API's section must render with its operations and their TypeScript samples, the page must log no error, and
// it must load nothing from anywhere but the server itself (the page is meant to work offline). The server runs on a
// port other than the document's 4010: the page must name the origin it is served from, in its servers boxes and
// its samples. Binary examples show as media type, size and hex, with a link that downloads the example's bytes.

const root = resolve(import.meta.dirname, "../..");
const screenshot = join(root, "test-results", "docs.png");
const operationScreenshot = join(root, "test-results", "docs-operation.png");
const serversScreenshot = join(root, "test-results", "docs-servers.png");
const binaryRequestScreenshot = join(root, "test-results", "docs-binary-request.png");
const binaryResponseScreenshot = join(root, "test-results", "docs-binary-response.png");
/** The mock server's origin as the document names it; the page must show the real one instead. */
const DOCUMENTED_ORIGIN = "http://localhost:4010";

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
      // The operation's own samples panel, not the first one on the page (another operation's).
      const section = page.locator(`[data-section-id="/${slug(tag)}/${slug(first.operationId)}"]`);

      // The request-sample panel opens on the TypeScript sample (first in redocly.yaml), highlighted as TypeScript.
      const samples = first["x-codeSamples"] ?? [];
      const typescript = samples.find((sample) => sample.lang === "TypeScript")?.source ?? "";
      const importLine = typescript.split("\n")[0] ?? "";
      expect(importLine).toMatch(/^import .* from "bytewire\/\w+";$/);
      const languages = section.getByRole("button", { name: "TypeScript (bytewire)" }).first();
      await languages.waitFor();
      const sample = section.locator("pre code[data-language=ts]").filter({ hasText: importLine }).first();
      await sample.waitFor();
      expect(typescript).toContain(DOCUMENTED_ORIGIN);
      expect(await sample.textContent()).toContain(server.url);
      expect(await sample.textContent()).not.toContain(DOCUMENTED_ORIGIN);
      if (tag === "PingOne images") {
        await page.screenshot({ path: operationScreenshot });
      }

      // The curl sample is the other choice.
      const curl = samples.find((sample) => sample.label === "curl")?.source ?? "";
      // Its first line that names the server, as the page shows it: with the origin the page is served from.
      const curlLine = curl.split("\n").find((line) => line.includes(DOCUMENTED_ORIGIN)) ?? "";
      expect(curlLine).toMatch(/curl|http/);
      await languages.click();
      await page.getByRole("menuitem", { name: "curl" }).first().click();
      const shownCurl = curlLine.replaceAll(DOCUMENTED_ORIGIN, server.url).trim();
      await section.locator("pre code").filter({ hasText: shownCurl }).first().waitFor();
      await section.getByRole("button", { name: "curl" }).first().click();
      await page.getByRole("menuitem", { name: "TypeScript (bytewire)" }).first().click();
      await languages.waitFor();
    });
  }

  it("name the origin they are served from in the servers boxes, not the document's default", {
    timeout: 60_000,
  }, async () => {
    expect(server.url).not.toBe(DOCUMENTED_ORIGIN);
    await page.goto(`${server.url}/docs#/`);
    const servers = page.getByTestId("panel-servers");
    await servers.getByText(server.url, { exact: true }).waitFor();
    expect(await servers.textContent()).not.toContain(DOCUMENTED_ORIGIN);
    await servers.screenshot({ path: serversScreenshot });
    // The intro's text names it too.
    await page.locator("code").filter({ hasText: server.url }).first().waitFor();

    // An operation's own servers: the vendor's host, and this mock.
    const section = page.locator('[data-section-id="/pingone-images/pingonecreateimage"]');
    await page.goto(`${server.url}/docs#/pingone-images/pingonecreateimage`);
    await section.getByRole("button", { name: "/environments/{envID}/images" }).click();
    const items = await page.getByRole("menuitem").filter({ visible: true }).allInnerTexts();
    expect(items.join("\n")).toContain(`${server.url}/v1/environments/{envID}/images`);
    expect(items.join("\n")).toContain("https://api.pingone.com/v1/environments/{envID}/images");
    expect(items.join("\n")).not.toContain(DOCUMENTED_ORIGIN);
    await page.keyboard.press("Escape");
    expect(await page.locator("#redoc").textContent()).not.toContain(DOCUMENTED_ORIGIN);
  });

  it("show a binary request body as media type, size and hex, never as text", { timeout: 60_000 }, async () => {
    const section = page.locator('[data-section-id="/pingone-images/pingonecreateimage"]');
    await page.goto(`${server.url}/docs#/pingone-images/pingonecreateimage`);
    await section.getByRole("button", { name: "TypeScript (bytewire)" }).filter({ visible: true }).first().click();
    await page.getByRole("menuitem", { name: "Payload" }).first().click();
    const panel = section.getByTestId("right-panel").filter({ hasText: "Payload", visible: true }).first();
    await panel.getByText("0000  89 50 4e 47 0d 0a 1a 0a  |.PNG....|").waitFor();
    const text = await panel.textContent();
    expect(text).toContain("image/png, 295 bytes, starting 89 50 4e 47 0d 0a 1a 0a …");
    expect(text).toContain("… and 231 bytes more");
    expect(text).not.toContain("IHDR\u0000");
    await panel.screenshot({ path: binaryRequestScreenshot });
    const link = panel.getByRole("link", { name: "Download pingone-logo-png.png" });
    const href = await link.getAttribute("href");
    const file = await fetch(new URL(href ?? "", server.url));
    expect(file.status).toBe(200);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(namedExampleBytes("pingone-logo-png"));
    // Back to the samples, as the other tests expect.
    await section.getByRole("button", { name: "Payload" }).filter({ visible: true }).first().click();
    await page.getByRole("menuitem", { name: "TypeScript (bytewire)" }).first().click();
  });

  it("show a binary response as media type, size and hex, with a link that downloads its bytes", {
    timeout: 60_000,
  }, async () => {
    const section = page.locator('[data-section-id="/cumulocity-binaries/cumulocitydownloadbinary"]');
    await page.goto(`${server.url}/docs#/cumulocity-binaries/cumulocitydownloadbinary`);
    const panel = section.getByTestId("right-panel").filter({ hasText: "Response", visible: true }).first();
    await panel.getByText("0000  50 4b 03 04 14 00 00 00  |PK......|").waitFor();
    expect(await panel.textContent()).toContain(
      "application/octet-stream, 171 bytes (ZIP archive), starting 50 4b 03 04",
    );
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: binaryResponseScreenshot });
    expect((await stat(binaryResponseScreenshot)).size).toBeGreaterThan(5_000);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      panel.getByRole("link", { name: "Download cumulocity-my-compressed-file-zip.zip" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("cumulocity-my-compressed-file-zip.zip");
    const saved = await download.path();
    expect(new Uint8Array(await readFile(saved))).toEqual(namedExampleBytes("cumulocity-my-compressed-file-zip"));
  });

  it("logged no console error and loaded nothing from another origin", () => {
    expect(requests.length).toBeGreaterThan(0);
    const foreign = requests.filter(
      (url) => !url.startsWith(`${server.url}/`) && !url.startsWith("data:") && !url.startsWith(`blob:${server.url}/`),
    );
    expect(foreign).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
