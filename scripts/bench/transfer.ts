// One measured transfer in a fresh process, so that memory figures are clean: warms the tool up, collects garbage,
// resets the kernel's peak-RSS mark, runs the transfer once and prints one JSON line (a TransferMeasurement).
import { readFileSync, writeFileSync } from "node:fs";
import { cumulocitySaveTo, cumulocityUpload, fourdUpload, type PreparedCall } from "./bytewire-calls.ts";
import { countFromUploadId, downloadPeers, multipartPeers, rawUploadPeers, type TransferResult } from "./peers.ts";
import { BYTEWIRE_TOOLS, type TransferMeasurement, type TransferSpec } from "./scenarios.ts";

function prepare(spec: TransferSpec): PreparedCall<TransferResult> {
  const { scenario, tool, baseUrl, path, size } = spec;
  if (tool === BYTEWIRE_TOOLS[scenario]) {
    if (scenario === "raw-upload") {
      const call = fourdUpload(baseUrl, path);
      return { warmUp: call.warmUp, run: async () => ({ bytes: countFromUploadId(await call.run()) }) };
    }
    const call =
      scenario === "download" ? cumulocitySaveTo(baseUrl, String(size), path) : cumulocityUpload(baseUrl, path);
    return { warmUp: call.warmUp, run: async () => ({ bytes: await call.run() }) };
  }
  const peer =
    scenario === "raw-upload"
      ? rawUploadPeers[tool]?.(baseUrl, path, size)
      : scenario === "download"
        ? downloadPeers[tool]?.(`${baseUrl}/inventory/binaries/${size}`, path)
        : multipartPeers[tool]?.(baseUrl, path);
  if (!peer) {
    throw new Error(`no ${scenario} tool named ${tool}`);
  }
  return peer;
}

/** This process's peak RSS since the last reset (Linux), else undefined. */
function peakRss(): number | undefined {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1]) * 1024;
  } catch {
    return undefined;
  }
}

function resetPeakRss(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

const spec = JSON.parse(process.argv[2] ?? "{}") as TransferSpec;
const call = prepare(spec);
await call.warmUp();
globalThis.gc?.();
const baseline = process.memoryUsage.rss();
// Where the kernel's mark cannot be reset, sample instead (may miss a short peak).
let sampled = baseline;
const sampler = resetPeakRss()
  ? undefined
  : setInterval(() => {
      sampled = Math.max(sampled, process.memoryUsage.rss());
    }, 10);
const started = performance.now();
const result = await call.run();
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
const peak = sampler ? Math.max(sampled, process.memoryUsage.rss()) : (peakRss() ?? Number.NaN);
const measurement: TransferMeasurement = {
  seconds,
  bytes: result.bytes,
  rss: result.childPeakRss ?? peak - baseline,
};
console.log(JSON.stringify(measurement));
