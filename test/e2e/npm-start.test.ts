import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { namedExampleBytes } from "bytewire/mocks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// `npm start` itself, as a user runs it: `npm start` in its own process group on a free port, its banner read from
// stdout, and every curl command the banner prints run as printed. The banner comes before the docs are rendered
// when they are stale; then the test also waits for the line saying they are ready, as a reader would.
const run = promisify(execFile);
const root = new URL("../../", import.meta.url).pathname;
let child: ChildProcess;
let output = "";
let banner = "";
let url = "";
let folder: string;

/** Resolves with the first match of `pattern` in what `npm start` printed so far or prints next. */
function printed(pattern: RegExp, what: string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} within 120 s:\n${output}`)), 120_000);
    const check = () => {
      const found = pattern.exec(output);
      if (found) {
        clearTimeout(timer);
        child.stdout?.off("data", check);
        child.off("exit", exited);
        resolve(found);
      }
    };
    const exited = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${output}`));
    };
    child.stdout?.on("data", check);
    child.once("exit", exited);
    check();
  });
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "bytewire-npm-start-"));
  child = spawn("npm", ["start"], {
    cwd: root,
    env: { ...process.env, PORT: "0", REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  const found = await printed(/on (http:\/\/localhost:\d+)\n[\s\S]*Ctrl\+C to stop\./, "banner");
  url = found[1] ?? "";
  banner = found[0];
  if (/\/docs \(rendering/.test(banner)) {
    await printed(/docs rendered in [\d.]+ s/, "line saying the docs are rendered");
  }
}, 240_000);

afterAll(async () => {
  if (child?.pid !== undefined && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid, "SIGTERM");
    await exited;
  }
  await rm(folder, { recursive: true, force: true });
});

describe("npm start", () => {
  it("prints a banner with the URL, the docs and each API's demo credentials", () => {
    expect(banner).toContain(`${url}/docs`);
    for (const text of ["PingDS HDAP", "4D REST", "Cumulocity", "PingOne", "bribery", "admin / admin", "demo-token"]) {
      expect(banner).toContain(text);
    }
  });

  it("answers every curl command of its banner with 2xx", async () => {
    const commands = banner
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line.startsWith("curl "));
    expect(commands).toHaveLength(4);
    for (const command of commands) {
      const { stdout } = await run("bash", ["-c", `${command} -sS -o /dev/null -w '%{http_code}'`], { cwd: folder });
      expect(Number(stdout), command).toBeGreaterThanOrEqual(200);
      expect(Number(stdout), command).toBeLessThan(300);
    }
  });

  it("serves the rendered docs and the document", async () => {
    const docs = await fetch(`${url}/docs`);
    expect(docs.headers.get("content-type")).toContain("text/html");
    expect(await docs.text()).toContain("bytewire API docs");
    const document = (await (await fetch(`${url}/openapi.json`)).json()) as { openapi: string };
    expect(document.openapi).toMatch(/^3\.1\./);
    const yaml = await fetch(`${url}/openapi.yaml`);
    expect(yaml.status).toBe(200);
    expect(await yaml.text()).toMatch(/^openapi: ['"]?3\.1/m);
    const example = await fetch(`${url}/docs/examples/cumulocity-my-compressed-file-zip.zip`);
    expect(new Uint8Array(await example.arrayBuffer())).toEqual(namedExampleBytes("cumulocity-my-compressed-file-zip"));
    expect((await fetch(`${url}/docs/examples/no-such-file.zip`)).status).toBe(404);
  });

  it("logs one line per request and survives a malformed one", async () => {
    const response = await fetch(`${url}/inventory/binaries?pageSize=abc`, {
      headers: { authorization: `Basic ${btoa("t100/admin:admin")}` },
    });
    expect(response.status).toBe(400);
    expect((await fetch(`${url}/v1/environments/x/images`, { method: "POST", body: "%%%" })).status).toBe(401);
    await printed(/GET \/inventory\/binaries\?pageSize=abc.* 400/, "log line of the malformed request");
    expect((await fetch(`${url}/openapi.json`)).status).toBe(200);
  });
});
