import { spawn, execFileSync } from "node:child_process";
import { createReadStream, writeFileSync } from "node:fs";
import http from "node:http";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
const server = spawn(process.execPath, ["--import", "tsx", "scripts/bench/server.ts"], { stdio: ["ignore", "pipe", "inherit"] });
const baseUrl: string = await new Promise((resolve) => server.stdout.once("data", (d) => resolve(String(d).trim().split(/\s/).find((w) => w.startsWith("http")) ?? "")));
const SIZE = 512 * 1024 * 1024;
const path = "/tmp/probe-up.bin";
writeFileSync(path, Buffer.alloc(SIZE, 7));
async function up(hwm: number, transform: boolean, reqHwm?: number) {
  const url = new URL(`${baseUrl}/rest/$upload?$binary=true`);
  const t = performance.now();
  await new Promise<void>((resolve, reject) => {
    const req = http.request(url, { method: "POST", headers: { "content-length": String(SIZE), "content-type": "application/octet-stream" }, ...(reqHwm ? { highWaterMark: reqHwm } : {}) });
    req.on("response", (res) => { res.resume(); res.on("end", resolve); });
    req.on("error", reject);
    const src = createReadStream(path, { highWaterMark: hwm });
    const steps = transform ? pipeline(src, new Transform({ transform(c, _e, cb) { cb(null, c); } }), req) : pipeline(src, req);
    steps.catch(reject);
  });
  return SIZE / 1048576 / ((performance.now() - t) / 1000);
}
const variants: [string, () => Promise<number>][] = [
  ["64k", () => up(65536, false)], ["1m", () => up(1 << 20, false)], ["1m+T", () => up(1 << 20, true)], ["4m", () => up(4 << 20, false)], ["4m reqHwm1m", () => up(4 << 20, false, 1 << 20)], ["1m reqHwm1m", () => up(1 << 20, false, 1 << 20)],
];
const results: Record<string, number[]> = {};
for (let r = 0; r < 3; r++) for (const [n, f] of variants) (results[n] ??= []).push(await f());
const curl = () => { const t = performance.now(); execFileSync("curl", ["-s", "-o", "/dev/null", "-T", path, `${baseUrl}/rest/$upload?$binary=true`, "-X", "POST"]); return SIZE / 1048576 / ((performance.now() - t) / 1000); };
results["curl"] = [curl(), curl(), curl()];
for (const [n, xs] of Object.entries(results)) console.log(n.padEnd(14), xs.map((x) => x.toFixed(0)).join(" "));
server.kill();
