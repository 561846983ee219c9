// Shared by the bench's parts: child processes, medians and ratios, Markdown tables, and what machine this is.
import { execFile } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { root } from "../lib/generated-files.ts";

const execFileAsync = promisify(execFile);

/**
 * Runs a bench script in a fresh Node process (TypeScript, `gc()` exposed); returns its last line as JSON. Without the
 * `bytewire-source` condition, `bytewire/*` is the built package in dist/, as an application runs it: the source
 * through tsx carries esbuild's keepNames helper, a property write for every function the SDK creates per call, which
 * openapi-fetch (plain JavaScript) never pays.
 */
export async function runScript<T>(script: string, spec: unknown, env: NodeJS.ProcessEnv = process.env): Promise<T> {
  const { stdout } = await execFileAsync(
    process.execPath,
    ["--expose-gc", "--import", "tsx", join(root, "scripts/bench", script), JSON.stringify(spec)],
    { cwd: root, env, maxBuffer: 16 * 1024 * 1024 },
  );
  const line = stdout.trim().split("\n").at(-1);
  if (!line) {
    throw new Error(`${script} printed nothing`);
  }
  return JSON.parse(line) as T;
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** A ratio as the tables print it: `0.61×`. */
export function ratio(value: number, reference: number): string {
  return Number.isFinite(value / reference) ? `${(value / reference).toFixed(2)}×` : "–";
}

/** Bytes as MiB with one decimal, or a dash. */
export function mib(bytes: number | undefined): string {
  return bytes === undefined || !Number.isFinite(bytes) ? "–" : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** A number with thousands separators. */
export function thousands(value: number, digits = 0): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** A Markdown table; `align` has one "l" or "r" per column. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], align: string): string {
  const rule = [...align].map((side) => (side === "r" ? "---:" : "---"));
  return [header, rule, ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

/** The one-line description of the machine and runtime the figures come from. */
export function machine(): string {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const memory = Math.round(totalmem() / 1024 ** 3);
  return `${cpus().length} × ${cpu}, ${memory} GiB RAM, ${process.platform} ${process.arch}, Node ${process.version}`;
}

/** The 1, 5 and 15-minute load averages, as `uptime` prints them. */
export function load(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(", ");
}
