// One benchmark scenario in a fresh process: measures wall time and the growth of this process's resident memory
// (sampled every 10 ms) over its baseline after one warm-up request. Prints one JSON line.
import { createCumulocityClient } from "bytewire/cumulocity";
import { createFourDClient } from "bytewire/fourd";

const [name = "", baseUrl = "", file = "", extra = ""] = process.argv.slice(2);
const auth = { type: "basic" as const, tenant: "t100", user: "admin", password: "admin" };
const c8y = createCumulocityClient({ baseUrl, auth, timeout: 600_000 });
const fourd = createFourDClient({
  baseUrl,
  auth: { type: "session", user: "admin", password: "admin" },
  timeout: 600_000,
});

type Scenario = () => Promise<{ bytes: number; detail?: string }>;

const scenarios: Record<string, Scenario> = {
  async "fourd-raw-upload"() {
    // 4D's $upload takes the file as the raw request body.
    const id = await fourd.uploadFile(file, { kind: "blob", contentType: "application/octet-stream" });
    const { size } = await import("node:fs/promises").then((fs) => fs.stat(file));
    return { bytes: size, detail: id };
  },
  async "cumulocity-multipart-upload"() {
    const binary = await c8y.upload(file, { name: "bench.bin", type: "application/octet-stream" });
    return { bytes: binary.length, detail: binary.id };
  },
  async "cumulocity-put-replace"() {
    const binary = await c8y.replace(extra, file, { contentType: "application/octet-stream" });
    return { bytes: binary.length };
  },
  async "cumulocity-download-to-file"() {
    const download = await c8y.download(extra);
    const saved = await download.saveTo(`${file}.download`);
    return { bytes: saved.size };
  },
  async "naive-buffered-upload"() {
    // What the SDK avoids: read the whole file, then send it. Shown for comparison only.
    const { readFile } = await import("node:fs/promises");
    const bytes = await readFile(file);
    const response = await fetch(`${baseUrl}/inventory/binaries/${extra}`, {
      method: "PUT",
      headers: { authorization: `Basic ${btoa("t100/admin:admin")}`, "content-type": "application/octet-stream" },
      body: bytes,
    });
    await response.arrayBuffer();
    return { bytes: bytes.byteLength };
  },
};

const run = scenarios[name];
if (!run) {
  throw new Error(`unknown scenario ${name}`);
}
// Warm up first: the first fetch loads undici and its HTTP parser (tens of MiB), which is not the transfer's cost.
await c8y.list({ pageSize: 1 });
await fourd.login();
globalThis.gc?.();
const baseline = process.memoryUsage().rss;
let peak = baseline;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 10);
const started = performance.now();
const result = await run();
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
console.log(JSON.stringify({ name, seconds, bytes: result.bytes, detail: result.detail, baseline, peak }));
