import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// `npm start` itself, as a user runs it: the script behind it in its own process on a free port, its banner read
// from stdout, and every curl command the banner prints run as printed.
const run = promisify(execFile);
const root = new URL("../../", import.meta.url).pathname;
let child: ChildProcess;
let banner = "";
let url = "";
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "bytewire-npm-start-"));
  child = spawn(join(root, "node_modules/.bin/tsx"), ["--conditions=bytewire-source", "scripts/start.ts"], {
    cwd: root,
    env: { ...process.env, PORT: "0", REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 60 s:\n${banner}`)), 60_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      banner += chunk.toString("utf8");
      const found = /Ctrl\+C to stop/.test(banner) && /on (http:\/\/localhost:\d+)/.exec(banner)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.once("exit", (code) => reject(new Error(`npm start exited with ${code}:\n${banner}`)));
  });
}, 90_000);

afterAll(async () => {
  child?.kill("SIGTERM");
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
  });

  it("logs one line per request and survives a malformed one", async () => {
    const response = await fetch(`${url}/inventory/binaries?pageSize=abc`, {
      headers: { authorization: `Basic ${btoa("t100/admin:admin")}` },
    });
    expect(response.status).toBe(400);
    expect((await fetch(`${url}/v1/environments/x/images`, { method: "POST", body: "%%%" })).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(banner).toMatch(/GET \/inventory\/binaries\?pageSize=abc.* 400/);
    expect((await fetch(`${url}/openapi.json`)).status).toBe(200);
  });
});
