// Load benchmark of the HTTP mock server (`npm run bench:mock`): many keep-alive connections send a mix of reads,
// uploads and errors to all four APIs for a while; prints requests per second, latency percentiles, errors (no
// answer, or a 5xx) and the server's memory before and after. The server runs in a child process of its own, so
// its memory is its own and the load generator does not steal its event loop.
//
//   npm run bench:mock -- [--connections 200] [--seconds 60]
//
// A benchmark, not a test: it asserts nothing and its figures depend on the machine.
import { fork } from "node:child_process";
import { Agent, request } from "node:http";
import { parseArgs } from "node:util";

const MiB = 1024 * 1024;

/** The child: the mock server as `npm start` runs it, answering IPC questions about its memory. */
async function serve(): Promise<void> {
  const { createMockBackend } = await import("bytewire/mocks");
  const { startMockServer } = await import("bytewire/mocks/node");
  const backend = createMockBackend();
  const server = await startMockServer({ handlers: backend.handlers, port: 0 });
  const collect = global.gc ?? (() => undefined);
  process.on("message", async (message: { ask: "rss" | "reset" }) => {
    if (message.ask === "reset") {
      backend.reset();
    }
    for (let round = 0; round < 5; round++) {
      collect();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    process.send?.({ rss: process.memoryUsage().rss });
  });
  process.on("disconnect", () => process.exit(0));
  process.send?.({ url: server.url });
}

interface Sample {
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array;
}

const cumulocity = { authorization: `Basic ${btoa("t100/admin:admin")}`, accept: "application/json" };
const hdap = { authorization: `Basic ${btoa("dc=com/dc=example/ou=People/uid=kvaughan:bribery")}` };
const pingone = { authorization: "Bearer demo-token" };
const ENV = "/v1/environments/abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";
// A 1 x 1 PNG.
const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="),
  (c) => c.charCodeAt(0),
);
const FILE = new Uint8Array(64 * 1024).map((_, index) => index % 251);

function multipart(): { body: Uint8Array; type: string } {
  const head =
    '--b\r\nContent-Disposition: form-data; name="object"\r\n\r\n{"name":"bench.bin","type":"application/octet-stream"}\r\n' +
    '--b\r\nContent-Disposition: form-data; name="file"; filename="bench.bin"\r\nContent-Type: application/octet-stream\r\n\r\n';
  const tail = "\r\n--b--\r\n";
  const bytes = new Uint8Array(head.length + 4096 + tail.length);
  bytes.set(new TextEncoder().encode(head));
  bytes.set(FILE.subarray(0, 4096), head.length);
  bytes.set(new TextEncoder().encode(tail), head.length + 4096);
  return { body: bytes, type: "multipart/form-data; boundary=b" };
}

// The mix, weighted by repetition: mostly reads, some uploads and replacements, some client errors.
function samples(fourDCookie: string): Sample[] {
  const upload = multipart();
  const list: Sample[] = [
    { name: "c8y list", method: "GET", path: "/inventory/binaries?pageSize=5", headers: cumulocity },
    { name: "c8y download", method: "GET", path: "/inventory/binaries/1", headers: cumulocity },
    {
      name: "c8y range",
      method: "GET",
      path: "/inventory/binaries/1",
      headers: { ...cumulocity, range: "bytes=0-63" },
    },
    {
      name: "c8y replace 64 KiB",
      method: "PUT",
      path: "/inventory/binaries/2",
      headers: { ...cumulocity, "content-type": "application/octet-stream" },
      body: FILE,
    },
    {
      name: "c8y upload 4 KiB",
      method: "POST",
      path: "/inventory/binaries",
      headers: { ...cumulocity, "content-type": upload.type },
      body: upload.body,
    },
    { name: "c8y 404", method: "GET", path: "/inventory/binaries/999999", headers: cumulocity },
    { name: "hdap read", method: "GET", path: "/hdap/dc=com/dc=example/ou=People/uid=bjensen", headers: hdap },
    {
      name: "hdap query",
      method: "GET",
      path: "/hdap/dc=com/dc=example/ou=People?_queryFilter=true&_fields=cn&_pageSize=5",
      headers: hdap,
    },
    {
      name: "hdap 401",
      method: "GET",
      path: "/hdap/dc=com/dc=example/ou=People/uid=bjensen",
      headers: { authorization: "Basic eDp5" },
    },
    { name: "4d list", method: "GET", path: "/rest/Employee", headers: { cookie: fourDCookie } },
    {
      name: "4d picture",
      method: "GET",
      path: "/rest/Employee(1)/photo?$imageformat=best&$expand=photo",
      headers: { cookie: fourDCookie },
    },
    {
      name: "4d upload 64 KiB",
      method: "POST",
      path: "/rest/$upload?$binary=true",
      headers: { cookie: fourDCookie, "content-type": "application/octet-stream" },
      body: FILE,
    },
    {
      name: "pingone read",
      method: "GET",
      path: `${ENV}/images/99b4c866-041f-4c04-b495-be764f14927f`,
      headers: pingone,
    },
    {
      name: "pingone create",
      method: "POST",
      path: `${ENV}/images`,
      headers: { ...pingone, "content-type": "image/png", "content-disposition": "attachment; filename=p.png" },
      body: PNG,
    },
  ];
  return [...list, ...list.filter((sample) => sample.method === "GET")];
}

interface Outcome {
  name: string;
  status: number;
  ms: number;
  /** The server closed the connection after this answer. */
  closed?: boolean;
}

function send(base: string, agent: Agent, sample: Sample): Promise<Outcome> {
  const started = performance.now();
  return new Promise<Outcome>((resolve) => {
    const headers = { ...sample.headers, ...(sample.body ? { "content-length": String(sample.body.byteLength) } : {}) };
    const outgoing = request(new URL(sample.path, base), { method: sample.method, headers, agent }, (incoming) => {
      incoming.resume();
      incoming.on("end", () =>
        resolve({
          name: sample.name,
          status: incoming.statusCode ?? 0,
          ms: performance.now() - started,
          closed: incoming.headers.connection === "close",
        }),
      );
      incoming.on("error", () => resolve({ name: sample.name, status: 0, ms: performance.now() - started }));
    });
    outgoing.setTimeout(30_000, () => outgoing.destroy(new Error("no answer in 30 s")));
    outgoing.on("error", () => resolve({ name: sample.name, status: 0, ms: performance.now() - started }));
    outgoing.end(sample.body);
  });
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { connections: { type: "string", default: "200" }, seconds: { type: "string", default: "60" } },
  });
  const connections = Number(values.connections);
  const seconds = Number(values.seconds);
  const child = fork(new URL(import.meta.url).pathname, ["--serve"], {
    execArgv: ["--expose-gc", "--import", "tsx", "--conditions=bytewire-source"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = () => new Promise<Record<string, unknown>>((resolve) => child.once("message", resolve));
  const { url } = (await next()) as { url: string };
  const rss = async (ask: "rss" | "reset") => {
    child.send({ ask });
    return ((await next()) as { rss: number }).rss;
  };

  // The demo data (4D's sessions included) is reset before the run: log in afterwards.
  await rss("reset");
  const login = await new Promise<string>((resolve) => {
    const outgoing = request(new URL("/rest/$directory/login", url), {
      method: "POST",
      headers: { "username-4D": "admin", "password-4D": "admin" },
    });
    outgoing.on("response", (incoming) => {
      incoming.resume();
      resolve((incoming.headers["set-cookie"] ?? []).map((cookie) => cookie.split(";")[0]).join("; "));
    });
    outgoing.end();
  });
  const mix = samples(login);
  // Warm up so the "before" figure is the server at work, not a cold process.
  const warm = new Agent({ keepAlive: true, maxSockets: 8 });
  await Promise.all(mix.map((sample) => send(url, warm, sample)));
  warm.destroy();
  const before = await rss("rss");

  const outcomes: Outcome[] = [];
  const byName = new Map<string, number>();
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async (_, index) => {
      // Clients arrive over the first second, as they would, rather than in one burst of connects.
      await new Promise((resolve) => setTimeout(resolve, (index * 1000) / connections));
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      for (let turn = index; performance.now() < deadline; turn++) {
        const sample = mix[turn % mix.length] as Sample;
        const outcome = await send(url, agent, sample);
        outcomes.push(outcome);
        if (outcome.status === 0 || outcome.status >= 500) {
          const key = `${sample.name} → ${outcome.status || "no answer"}`;
          byName.set(key, (byName.get(key) ?? 0) + 1);
        }
      }
      agent.destroy();
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const afterLoad = await rss("rss");
  // Uploads during the run added binaries, images and upload IDs: reset the demo data to see what is left.
  const after = await rss("reset");
  child.disconnect();

  const latencies = outcomes.map((outcome) => outcome.ms).sort((a, b) => a - b);
  const errors = outcomes.filter((outcome) => outcome.status === 0 || outcome.status >= 500).length;
  const statuses = new Map<number, number>();
  for (const outcome of outcomes) {
    statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
  }
  const slowest = [...new Set(outcomes.map((outcome) => outcome.name))]
    .map((name) => {
      const own = outcomes.filter((outcome) => outcome.name === name).map((outcome) => outcome.ms);
      return {
        name,
        p99: percentile(
          own.sort((a, b) => a - b),
          0.99,
        ),
      };
    })
    .sort((a, b) => b.p99 - a.p99)
    .slice(0, 4);
  const lines = [
    `mock load: ${connections} connections, ${elapsed.toFixed(1)} s, ${mix.length} request kinds on all four APIs`,
    `requests:  ${outcomes.length} (${(outcomes.length / elapsed).toFixed(0)} req/s)`,
    `latency:   p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms, max ${(latencies.at(-1) ?? 0).toFixed(1)} ms`,
    `slowest:   ${slowest.map((kind) => `${kind.name} p99 ${kind.p99.toFixed(0)} ms`).join(", ")}`,
    `closed:    ${outcomes.filter((outcome) => outcome.closed).length} answers closed their connection`,
    `errors:    ${errors} (no answer or 5xx)${[...byName].map(([name, count]) => `\n  ${name}: ${count}`).join("")}`,
    `statuses:  ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`,
    `mock RSS:  before ${(before / MiB).toFixed(0)} MiB, after the load ${(afterLoad / MiB).toFixed(0)} MiB, after a demo-data reset ${(after / MiB).toFixed(0)} MiB`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

if (process.argv.includes("--serve")) {
  await serve();
} else {
  await main();
}
