// `npm run bench`: bytewire side by side with what an application would otherwise use, in one run: each round runs
// every tool of every scenario once, in a rotating order, so that the noise of a shared machine falls on all of them
// alike; the tables give medians over the rounds and bytewire's ratio to each peer. Every transfer and request run is
// a fresh process (clean memory figures) against a local server that only counts or generates bytes.
//
// Environment: BENCH_ROUNDS (default 5), BENCH_UPLOAD_MIB (1024, raw upload and download), BENCH_MULTIPART_MIB (256),
// BENCH_REQUESTS (5000), BENCH_ONLY (comma-separated: transfers, requests, base64, bundles).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { base64InChromium } from "./bench/base64-browser.ts";
import type { Base64Timing } from "./bench/base64-timing.ts";
import { bundleSize, CLIENT_ENTRY_POINTS, PEER_BUNDLES } from "./bench/bundle-size.ts";
import { isPayloadFile, MIB, writePayloadFile } from "./bench/payload.ts";
import { downloadPeers, multipartPeers, rawUploadPeers } from "./bench/peers.ts";
import { load, machine, median, mib, ratio, runScript, table, thousands } from "./bench/report.ts";
import {
  BYTEWIRE_TOOLS,
  REQUEST_TOOLS,
  type RequestsSpec,
  type TransferMeasurement,
  type TransferScenario,
  type TransferSpec,
} from "./bench/scenarios.ts";
import { root } from "./lib/generated-files.ts";

const env = process.env;
const ROUNDS = Number(env["BENCH_ROUNDS"] ?? 5);
const UPLOAD_MIB = Number(env["BENCH_UPLOAD_MIB"] ?? 1024);
const MULTIPART_MIB = Number(env["BENCH_MULTIPART_MIB"] ?? 256);
const REQUESTS = Number(env["BENCH_REQUESTS"] ?? 5000);
const ONLY = new Set((env["BENCH_ONLY"] ?? "transfers,requests,base64,bundles").split(","));
const BASE64_SIZES = [1, 64];
const CONCURRENCIES = [1, 32];
/** The two memory regimes of the Node base64 figures: a label and the environment of the process. */
const BASE64_ALLOCATORS: ReadonlyArray<readonly [string, NodeJS.ProcessEnv]> = [
  ["default allocator", {}],
  ["memory reused", { MALLOC_MMAP_THRESHOLD_: String(256 * MIB), MALLOC_TRIM_THRESHOLD_: String(1024 * MIB) }],
];

/** Rotates `items` by `round`, so that no tool always runs first (or right after the file was written). */
function rotated<T>(items: readonly T[], round: number): T[] {
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

function curlVersion(): string | undefined {
  try {
    return execFileSync("curl", ["--version"], { encoding: "utf8" }).split("\n")[0]?.split(" ").slice(0, 2).join(" ");
  } catch {
    return undefined;
  }
}

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "scripts/bench/server.ts")], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout ?? process.stdin });
  const url = await new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the bench server exited with ${code}`)));
  });
  return { url, child };
}

// --- bulk transfers ---------------------------------------------------------------------------------------------

interface TransferRow {
  scenario: TransferScenario;
  tool: string;
  runs: TransferMeasurement[];
}

const SCENARIO_TITLES: Record<TransferScenario, string> = {
  "raw-upload": `raw upload, ${UPLOAD_MIB} MiB from a path (4D \`$upload\`)`,
  download: `download ${UPLOAD_MIB} MiB to a file, durable (fsync)`,
  multipart: `multipart upload, ${MULTIPART_MIB} MiB from a path (Cumulocity)`,
};

function transferTools(scenario: TransferScenario, hasCurl: boolean): string[] {
  const peers = Object.keys(
    scenario === "raw-upload" ? rawUploadPeers : scenario === "download" ? downloadPeers : multipartPeers,
  );
  return [BYTEWIRE_TOOLS[scenario], ...peers.filter((tool) => hasCurl || !tool.startsWith("curl"))];
}

function checkTransfer(spec: TransferSpec, result: TransferMeasurement): void {
  // A multipart body is the file plus its parts' heads and tails; the others move exactly the file.
  const ok =
    spec.scenario === "multipart"
      ? result.bytes >= spec.size && result.bytes < spec.size + 4096
      : result.bytes === spec.size;
  if (!ok) {
    throw new Error(`${spec.tool}: ${spec.scenario} moved ${result.bytes} bytes for a ${spec.size}-byte file`);
  }
}

async function runTransfers(url: string, dir: string, hasCurl: boolean): Promise<TransferRow[]> {
  const uploadFile = join(dir, "upload.bin");
  const multipartFile = join(dir, "multipart.bin");
  const target = join(dir, "download.bin");
  await writePayloadFile(uploadFile, UPLOAD_MIB * MIB);
  await writePayloadFile(multipartFile, MULTIPART_MIB * MIB);
  const scenarios: TransferScenario[] = ["raw-upload", "download", "multipart"];
  const rows = scenarios.flatMap((scenario) =>
    transferTools(scenario, hasCurl).map((tool): TransferRow => ({ scenario, tool, runs: [] })),
  );
  for (let round = 0; round < ROUNDS; round++) {
    for (const scenario of scenarios) {
      for (const row of rotated(
        rows.filter((candidate) => candidate.scenario === scenario),
        round,
      )) {
        const size = (scenario === "multipart" ? MULTIPART_MIB : UPLOAD_MIB) * MIB;
        const path = scenario === "download" ? target : scenario === "multipart" ? multipartFile : uploadFile;
        const spec: TransferSpec = { scenario, tool: row.tool, baseUrl: url, path, size };
        const result = await runScript<TransferMeasurement>("transfer.ts", spec);
        checkTransfer(spec, result);
        if (scenario === "download" && round === 0 && !(await isPayloadFile(target, size))) {
          throw new Error(`${row.tool}: the downloaded file differs from the bytes the server sent`);
        }
        await rm(target, { force: true });
        row.runs.push(result);
        console.error(
          `round ${round + 1}/${ROUNDS} ${scenario} ${row.tool}: ${(size / MIB / result.seconds).toFixed(0)} MiB/s, RSS ${mib(result.rss)}`,
        );
      }
    }
  }
  await rm(uploadFile, { force: true });
  await rm(multipartFile, { force: true });
  return rows;
}

function transferTable(rows: readonly TransferRow[]): string {
  const throughput = (row: TransferRow) =>
    median(row.runs.map((run) => (row.scenario === "multipart" ? MULTIPART_MIB : UPLOAD_MIB) / run.seconds));
  const lines = rows.map((row) => {
    const bytewire = rows.find(
      (candidate) => candidate.scenario === row.scenario && candidate.tool === BYTEWIRE_TOOLS[row.scenario],
    );
    const rss = Math.max(...row.runs.map((run) => run.rss ?? Number.NaN));
    return [
      row.tool === BYTEWIRE_TOOLS[row.scenario] ? SCENARIO_TITLES[row.scenario] : "",
      row.tool.startsWith("bytewire") ? `**${row.tool}**` : row.tool,
      thousands(throughput(row)),
      bytewire && bytewire !== row ? ratio(throughput(bytewire), throughput(row)) : "",
      row.tool.startsWith("curl") ? `${mib(rss)} (whole curl process)` : mib(rss),
    ];
  });
  return table(
    ["transfer", "tool", "MiB/s (median)", "bytewire ÷ tool", "client peak RSS growth (max)"],
    lines,
    "llrrr",
  );
}

// --- small requests ---------------------------------------------------------------------------------------------

interface RequestsRow {
  concurrency: number;
  tool: string;
  rates: number[];
}

async function runRequests(url: string): Promise<RequestsRow[]> {
  const rows = CONCURRENCIES.flatMap((concurrency) =>
    REQUEST_TOOLS.map((tool): RequestsRow => ({ concurrency, tool, rates: [] })),
  );
  for (let round = 0; round < ROUNDS; round++) {
    for (const concurrency of CONCURRENCIES) {
      for (const row of rotated(
        rows.filter((candidate) => candidate.concurrency === concurrency),
        round,
      )) {
        const spec: RequestsSpec = { tool: row.tool, baseUrl: url, count: REQUESTS, concurrency };
        const { seconds } = await runScript<{ seconds: number }>("requests.ts", spec);
        row.rates.push(REQUESTS / seconds);
        console.error(
          `round ${round + 1}/${ROUNDS} ${REQUESTS} GETs × ${concurrency} ${row.tool}: ${(REQUESTS / seconds).toFixed(0)}/s`,
        );
      }
    }
  }
  return rows;
}

function requestsTable(rows: readonly RequestsRow[]): string {
  const lines = rows.map((row) => {
    const bytewire = rows.find(
      (candidate) => candidate.concurrency === row.concurrency && candidate.tool === REQUEST_TOOLS[0],
    );
    return [
      row.tool === REQUEST_TOOLS[0]
        ? `${thousands(REQUESTS)} GETs, ${row.concurrency === 1 ? "sequential" : `concurrency ${row.concurrency}`}`
        : "",
      row.tool.startsWith("bytewire") ? `**${row.tool}**` : row.tool,
      thousands(median(row.rates)),
      bytewire && bytewire !== row ? ratio(median(bytewire.rates), median(row.rates)) : "",
    ];
  });
  return table(["requests", "tool", "requests/s (median)", "bytewire ÷ tool"], lines, "llrr");
}

// --- base64 -----------------------------------------------------------------------------------------------------

function base64Table(timings: readonly Base64Timing[]): string {
  const lines = timings.map((timing) => {
    const bytewire = timings.find(
      (candidate) =>
        candidate.mib === timing.mib &&
        candidate.operation === timing.operation &&
        candidate.name.startsWith("bytewire"),
    );
    return [
      bytewire === timing ? `${timing.operation} ${timing.mib} MiB` : "",
      timing.name.startsWith("bytewire") ? `**${timing.name}**` : timing.name,
      thousands(timing.mib / timing.seconds),
      bytewire && bytewire !== timing ? ratio(timing.seconds, bytewire.seconds) : "",
    ];
  });
  return table(["operation", "implementation", "MiB/s (median)", "bytewire ÷ it"], lines, "llrr");
}

// --- bundles ----------------------------------------------------------------------------------------------------

interface BundleRow {
  label: string;
  client: boolean;
  minified: number;
  gzipped: number;
}

async function measureBundles(): Promise<BundleRow[]> {
  const rows: BundleRow[] = [];
  for (const [entries, client] of [
    [CLIENT_ENTRY_POINTS, true],
    [PEER_BUNDLES, false],
  ] as const) {
    for (const [label, source] of Object.entries(entries)) {
      rows.push({ label, client, ...(await bundleSize(source)) });
    }
  }
  return rows;
}

function bundleTable(rows: readonly BundleRow[]): string {
  const lines = rows.map((row) => [row.label, thousands(row.minified), thousands(row.gzipped)]);
  return table(["bundle (esbuild, browser, ESM, minified, tree-shaken)", "min bytes", "min+gzip bytes"], lines, "lrr");
}

// --- acceptance -----------------------------------------------------------------------------------------------------

interface Results {
  transfers?: TransferRow[];
  requests?: RequestsRow[];
  /** Node's base64 timings of each memory regime, by its label. */
  base64?: Array<{ regime: string; timings: Base64Timing[] }>;
  bundles?: BundleRow[];
}

/** The targets of issue 9 (transfers, base64, bundles) and issue 8 (small requests), against this run's figures. */
function acceptanceTable(results: Results): string {
  const lines: string[][] = [];
  // `measured` is a ratio that must reach `minimum`; a size limit is given as limit ÷ size with minimum 1.
  const check = (
    target: string,
    measured: number | undefined,
    minimum: number,
    shown = (value: number) => `${value.toFixed(2)}×`,
    miss = (value: number) => `${((1 - value / minimum) * 100).toFixed(0)} % short`,
  ) => {
    if (measured !== undefined && Number.isFinite(measured)) {
      lines.push([target, shown(measured), measured >= minimum ? "yes" : `**no**, ${miss(measured)}`]);
    }
  };
  const transfers = results.transfers ?? [];
  const rate = (scenario: TransferScenario, prefix: string) => {
    const row = transfers.find((candidate) => candidate.scenario === scenario && candidate.tool.startsWith(prefix));
    return row ? median(row.runs.map((run) => 1 / run.seconds)) : undefined;
  };
  const versus = (scenario: TransferScenario, prefix: string) => {
    const bytewire = rate(scenario, BYTEWIRE_TOOLS[scenario]);
    const peer = rate(scenario, prefix);
    return bytewire !== undefined && peer !== undefined ? bytewire / peer : undefined;
  };
  check("raw upload ≥ 1.0× node:http pipeline", versus("raw-upload", "node:http"), 1.0);
  check("raw upload ≥ 0.6× curl -T", versus("raw-upload", "curl"), 0.6);
  check("download (saveTo) ≥ 1.0× fetch + fsync", versus("download", "fetch"), 1.0);
  check("download (saveTo) ≥ 0.6× curl -o + sync", versus("download", "curl"), 0.6);
  check("multipart ≥ 1.1× @c8y/client", versus("multipart", "@c8y/client"), 1.1);
  check("multipart ≥ 0.6× curl -F", versus("multipart", "curl"), 0.6);
  for (const scenario of Object.keys(BYTEWIRE_TOOLS) as TransferScenario[]) {
    const row = transfers.find((candidate) => candidate.tool === BYTEWIRE_TOOLS[scenario]);
    if (row) {
      const growth = Math.max(...row.runs.map((run) => run.rss ?? Number.NaN));
      // Stated as headroom: 64 MiB ÷ growth, which must be at least 1.
      check(
        `${scenario}: client peak RSS growth ≤ 64 MiB`,
        (64 * MIB) / growth,
        1,
        () => mib(growth),
        () => `${mib(growth - 64 * MIB)} over`,
      );
    }
  }
  for (const { regime, timings } of results.base64 ?? []) {
    for (const timing of timings.filter((candidate) => !candidate.name.startsWith("bytewire"))) {
      const bytewire = timings.find(
        (candidate) =>
          candidate.mib === timing.mib &&
          candidate.operation === timing.operation &&
          candidate.name.startsWith("bytewire"),
      );
      if (bytewire) {
        const minimum = timing.operation === "decode" ? 0.8 : 0.95;
        check(
          `base64 ${timing.operation} ${timing.mib} MiB ≥ ${minimum}× ${timing.name} (Node, ${regime})`,
          timing.seconds / bytewire.seconds,
          minimum,
        );
      }
    }
  }
  for (const row of (results.bundles ?? []).filter(
    (candidate) => candidate.client && !candidate.label.includes("all four"),
  )) {
    check(
      `${row.label} ≤ 10 kB min+gzip`,
      10_000 / row.gzipped,
      1,
      () => `${thousands(row.gzipped)} B`,
      () => `${thousands(row.gzipped - 10_000)} B over`,
    );
  }
  const requests = results.requests ?? [];
  for (const concurrency of CONCURRENCIES) {
    const rates = (tool: string) =>
      median(requests.find((row) => row.concurrency === concurrency && row.tool === tool)?.rates ?? []);
    const label = concurrency === 1 ? "sequential" : `concurrency ${concurrency}`;
    check(`small requests (${label}) ≥ 0.95× openapi-fetch`, rates(REQUEST_TOOLS[0]) / rates(REQUEST_TOOLS[1]), 0.95);
    check(`small requests (${label}) ≥ 0.9× fetch`, rates(REQUEST_TOOLS[0]) / rates(REQUEST_TOOLS[2]), 0.9);
  }
  return table(["target (issues 9 and 8)", "measured", "holds"], lines, "lrl");
}

// --- run ----------------------------------------------------------------------------------------------------------

const curl = curlVersion();
const started = new Date();
const header = [
  `bytewire bench, ${started.toISOString().slice(0, 16).replace("T", " ")} UTC: ${machine()}${curl ? `, ${curl}` : ", no curl"}`,
  `${ROUNDS} interleaved rounds; load average at the start ${load()}`,
];
console.log(header.join("\n"));
const sections: string[] = [];
const results: Results = {};
const dir = await mkdtemp(join(tmpdir(), "bytewire-bench-"));
if (ONLY.has("transfers") || ONLY.has("requests")) {
  // The transfer and request runs import the built package (see runScript); build it from this checkout.
  execFileSync("npm", ["run", "build"], { cwd: root, env: { ...env, BYTEWIRE_BUILD_NO_CHECK: "1" }, stdio: "inherit" });
}
const server = ONLY.has("transfers") || ONLY.has("requests") ? await startServer() : undefined;
try {
  if (server && ONLY.has("transfers")) {
    results.transfers = await runTransfers(server.url, dir, curl !== undefined);
    sections.push(`### Bulk transfers\n\n${transferTable(results.transfers)}`);
  }
  if (server && ONLY.has("requests")) {
    results.requests = await runRequests(server.url);
    sections.push(`### Small requests (Cumulocity list page)\n\n${requestsTable(results.requests)}`);
  }
  if (ONLY.has("base64")) {
    const rounds = Math.max(ROUNDS, 2 * ROUNDS + 1);
    // Twice: as an application meets it (fresh memory from the allocator, whose page faults are slow on a virtual
    // machine and can decide a figure), and with glibc keeping freed memory for reuse, which leaves the codecs' own
    // cost. Both in CPU time.
    for (const [label, allocator] of BASE64_ALLOCATORS) {
      const timings = await runScript<Base64Timing[]>(
        "base64-node.ts",
        { sizes: BASE64_SIZES, rounds },
        { ...process.env, ...allocator },
      );
      results.base64 = [...(results.base64 ?? []), { regime: label, timings }];
      sections.push(
        `### Base64 in Node ${process.version}, ${label}: CPU time, ${rounds} rounds\n\n${base64Table(timings)}`,
      );
    }
    const browser = await base64InChromium(BASE64_SIZES, rounds);
    sections.push(
      "timings" in browser
        ? `### Base64 in ${browser.browser} (${rounds} rounds)\n\n${base64Table(browser.timings)}`
        : `### Base64 in Chromium\n\nskipped: ${browser.skipped}`,
    );
  }
  if (ONLY.has("bundles")) {
    results.bundles = await measureBundles();
    sections.push(`### Bundle size per entry point\n\n${bundleTable(results.bundles)}`);
  }
} finally {
  server?.child.kill("SIGTERM");
  await rm(dir, { recursive: true, force: true });
}
sections.push(`### Acceptance\n\n${acceptanceTable(results)}`);
console.log(`\n${sections.join("\n\n")}\n\nload average at the end: ${load()}`);
