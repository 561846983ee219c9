// `npm run bench`: moves BENCH_MIB (default 1024) MiB through the SDK in Node against the mock server running in
// another process, and reports time, throughput and the client's peak resident-memory growth per scenario.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { base64Figures } from "./bench/base64.ts";
import { root } from "./lib/generated-files.ts";

const MIB = 1024 * 1024;
const size = Number(process.env["BENCH_MIB"] ?? 1024) * MIB;
const RSS_LIMIT = 100 * MIB;
const tsx = join(root, "node_modules/.bin/tsx");
const run = promisify(execFile);

interface Measurement {
  name: string;
  seconds: number;
  bytes: number;
  detail?: string;
  baseline: number;
  peak: number;
}

async function writeInput(path: string): Promise<void> {
  const block = randomBytes(MIB);
  async function* blocks() {
    for (let written = 0; written < size; written += MIB) {
      yield block.subarray(0, Math.min(MIB, size - written));
    }
  }
  await pipeline(blocks(), createWriteStream(path));
}

async function sameBytes(a: string, b: string): Promise<boolean> {
  const [left, right] = await Promise.all([stat(a), stat(b)]);
  if (left.size !== right.size) {
    return false;
  }
  const hash = async (path: string) => {
    const digest = createHash("sha256");
    for await (const chunk of createReadStream(path)) {
      digest.update(chunk as Buffer);
    }
    return digest.digest("hex");
  };
  return (await hash(a)) === (await hash(b));
}

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(tsx, ["--conditions=bytewire-source", join(root, "scripts/bench/server.ts")], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout ?? process.stdin });
  const url = await new Promise<string>((resolve) => lines.once("line", resolve));
  return { url, child };
}

async function scenario(name: string, url: string, file: string, extra = ""): Promise<Measurement> {
  const { stdout } = await run(
    process.execPath,
    [
      "--expose-gc",
      "--import",
      "tsx",
      "--conditions=bytewire-source",
      join(root, "scripts/bench/scenario.ts"),
      name,
      url,
      file,
      extra,
    ],
    { cwd: root, maxBuffer: 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Measurement;
}

const dir = await mkdtemp(join(tmpdir(), "bytewire-bench-"));
const input = join(dir, "input.bin");
const { url, child } = await startServer();
try {
  console.log(`bytewire benchmark: ${size / MIB} MiB per transfer, Node ${process.version}, mock server at ${url}\n`);
  await writeInput(input);
  const upload = await scenario("cumulocity-multipart-upload", url, input);
  const id = upload.detail ?? "";
  const results = [
    await scenario("fourd-raw-upload", url, input),
    upload,
    await scenario("cumulocity-put-replace", url, input, id),
    await scenario("cumulocity-download-to-file", url, input, id),
    await scenario("naive-buffered-upload", url, input, id),
  ];
  const downloadOk = await sameBytes(input, `${input}.download`);
  console.log("| scenario | MiB | seconds | MiB/s | client RSS growth (peak) | under 100 MiB |");
  console.log("|---|---:|---:|---:|---:|---|");
  for (const result of results) {
    const growth = result.peak - result.baseline;
    const bounded = result.name.startsWith("naive") ? "n/a (comparison)" : growth < RSS_LIMIT ? "yes" : "**NO**";
    console.log(
      `| ${result.name} | ${(result.bytes / MIB).toFixed(0)} | ${result.seconds.toFixed(2)} | ${(result.bytes / MIB / result.seconds).toFixed(0)} | ${(growth / MIB).toFixed(1)} MiB | ${bounded} |`,
    );
  }
  console.log(`\ndownloaded file identical to the upload: ${downloadOk ? "yes" : "NO"}`);
  console.log("\nbase64 (16 MiB, best of 5):");
  console.log(await base64Figures());
  const failed = results.some((r) => !r.name.startsWith("naive") && r.peak - r.baseline >= RSS_LIMIT) || !downloadOk;
  process.exitCode = failed ? 1 : 0;
} finally {
  child.kill("SIGTERM");
  await rm(dir, { recursive: true, force: true });
}
