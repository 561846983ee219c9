// `npm run test:runtimes`: builds the package, starts the mock server, and runs scripts/runtimes/smoke.mjs (one round
// trip per API through the built clients) in each runtime: this Node, Node 22 and 24, Bun and Deno, fetched from the
// npm registry by npx the first time. Prints a Markdown table; exits 1 when a runtime fails a check. Not part of
// `npm test`: it needs the registry and takes minutes.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { createMockBackend } from "bytewire/mocks";
import { startMockServer } from "bytewire/mocks/node";
import { root } from "./lib/generated-files.ts";

const run = promisify(execFile);
const smoke = join(root, "scripts/runtimes/smoke.mjs");
const npx = (args: string[]) => ["npx", ["-y", ...args]] as const;

const RUNTIMES: Record<string, readonly [string, readonly string[]]> = {
  [`node ${process.versions.node}`]: [process.execPath, [smoke]],
  "node 22": npx(["-p", "node@22", "node", smoke]),
  "node 24": npx(["-p", "node@24", "node", smoke]),
  bun: npx(["bun", smoke]),
  deno: npx(["deno", "run", "--allow-net", "--allow-read", "--allow-env", smoke]),
};

await run("npm", ["run", "build"], { cwd: root });
const backend = createMockBackend();
const server = await startMockServer({ handlers: backend.handlers, port: 0 });
const rows: string[] = [];
let failed = false;
try {
  for (const [label, [command, args]] of Object.entries(RUNTIMES)) {
    backend.reset();
    const started = performance.now();
    let line: string;
    try {
      const { stdout } = await run(command, [...args, server.url], { cwd: root, timeout: 300_000 });
      line = stdout.trim().split("\n").at(-1) ?? "";
    } catch (error) {
      const text = error instanceof Error ? error.message.split("\n").slice(0, 3).join(" ") : String(error);
      line = JSON.stringify({ runtime: label, checks: { start: text } });
    }
    const result = JSON.parse(line) as { runtime: string; checks: Record<string, string> };
    const cells = ["hdap", "fourd", "cumulocity", "pingone"].map((api) => result.checks[api] ?? result.checks["start"]);
    failed ||= cells.some((cell) => cell !== "ok");
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    rows.push(`| ${result.runtime} | ${cells.join(" | ")} | ${seconds} s |`);
    console.error(`${label}: ${line}`);
  }
} finally {
  await server.close();
}
console.log("| runtime | HDAP | 4D | Cumulocity | PingOne | time |");
console.log("|---|---|---|---|---|---:|");
console.log(rows.join("\n"));
process.exitCode = failed ? 1 : 0;
