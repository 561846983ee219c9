// The HTTP mock server's exposure rules: on loopback it trusts `Host` for links and answers CORS to any origin (a
// developer's convenience); on another interface it uses its configured public URL and origins only. And it closes
// connections that send nothing or never finish their headers. Servers listen on a free port; requests go to
// 127.0.0.1 only.
import { Agent, request } from "node:http";
import { connect } from "node:net";
import { createMockBackend } from "bytewire/mocks";
import { type RunningMockServer, startMockServer } from "bytewire/mocks/node";
import { afterEach, describe, expect, it } from "vitest";
import { send } from "./robustness/raw-http.ts";

const ADMIN = { authorization: `Basic ${btoa("t100/admin:admin")}`, accept: "application/json" };
const servers: RunningMockServer[] = [];

async function start(options: Omit<Parameters<typeof startMockServer>[0], "handlers">): Promise<string> {
  const server = await startMockServer({ handlers: createMockBackend().handlers, port: 0, ...options });
  servers.push(server);
  return `http://127.0.0.1:${server.port}`;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function upload(base: string, headers: Record<string, string>) {
  const body =
    '--b\r\nContent-Disposition: form-data; name="object"\r\n\r\n{"name":"a.txt","type":"text/plain"}\r\n' +
    '--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello\r\n--b--\r\n';
  return send(base, {
    method: "POST",
    path: "/inventory/binaries",
    headers: { ...ADMIN, ...headers, "content-type": "multipart/form-data; boundary=b" },
    body: new TextEncoder().encode(body),
  });
}

/** Resolves with what the server sent before it closed the connection, or "open" if it did not within `ms`. */
function closedAfter(port: number, bytes: string, ms: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(bytes));
    let answer = "";
    const timer = setTimeout(() => {
      socket.destroy();
      resolve("open");
    }, ms);
    socket.on("data", (chunk) => {
      answer += chunk.toString("latin1");
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(answer === "" ? "closed" : answer);
    });
    socket.on("error", () => undefined);
  });
}

describe("the HTTP mock server on loopback", () => {
  it("builds links from the Host header and answers CORS to any origin", async () => {
    const base = await start({});
    const created = await upload(base, { host: "localhost:9999", origin: "http://localhost:5173" });
    expect(created.status).toBe(201);
    expect(created.headers["location"]).toMatch(/^http:\/\/localhost:9999\/inventory\/binaries\/\d+$/);
    expect((created.json() as { self: string }).self).toBe(created.headers["location"]);
    expect(created.headers["access-control-allow-origin"]).toBe("http://localhost:5173");
    expect(created.headers["access-control-allow-credentials"]).toBe("true");
  });

  it("answers a Host that is not one with 400, on the site's own pages too", async () => {
    const base = await start({});
    const answer = await send(base, { method: "GET", path: "/openapi.json", headers: { host: "a b" } });
    expect(answer.status).toBe(400);
  });
});

describe("the HTTP mock server beyond loopback", () => {
  it("uses the configured public URL for links, whatever the Host header says", async () => {
    const base = await start({ host: "0.0.0.0", publicUrl: "https://mock.example.test:8443" });
    const created = await upload(base, { host: "attacker.test" });
    expect(created.status).toBe(201);
    expect(created.headers["location"]).toMatch(/^https:\/\/mock\.example\.test:8443\/inventory\/binaries\/\d+$/);
    expect((created.json() as { self: string }).self).toBe(created.headers["location"]);
  });

  it("uses its listening address when no public URL is configured, never the Host header", async () => {
    const base = await start({ host: "0.0.0.0" });
    const created = await upload(base, { host: "attacker.test" });
    expect(created.headers["location"]).toMatch(/^http:\/\/0\.0\.0\.0:\d+\/inventory\/binaries\/\d+$/);
  });

  it("answers CORS only to the configured origins", async () => {
    const base = await start({ host: "0.0.0.0", corsOrigins: ["http://app.example.test"] });
    const allowed = await send(base, {
      method: "GET",
      path: "/inventory/binaries",
      headers: { ...ADMIN, origin: "http://app.example.test" },
    });
    expect(allowed.headers["access-control-allow-origin"]).toBe("http://app.example.test");
    const refused = await send(base, {
      method: "GET",
      path: "/inventory/binaries",
      headers: { ...ADMIN, origin: "http://evil.example.test" },
    });
    expect(refused.headers["access-control-allow-origin"]).toBeUndefined();
    expect(refused.headers["access-control-allow-credentials"]).toBeUndefined();
    const preflight = await send(base, {
      method: "OPTIONS",
      path: "/inventory/binaries",
      headers: { origin: "http://evil.example.test", "access-control-request-method": "POST" },
    });
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("answers no CORS at all without configured origins", async () => {
    const base = await start({ host: "0.0.0.0" });
    const answer = await send(base, {
      method: "GET",
      path: "/inventory/binaries",
      headers: { ...ADMIN, origin: "http://localhost:5173" },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("the HTTP mock server and bodies it does not read", () => {
  it("reads a small unread body to its end and keeps the connection for the next request", async () => {
    const base = await start({});
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    const call = (method: string, path: string, headers: Record<string, string>, body?: Uint8Array) =>
      new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
        const outgoing = request(new URL(path, base), { method, headers, agent }, (incoming) => {
          sockets.add(incoming.socket);
          incoming.resume();
          incoming.on("end", () =>
            resolve({ status: incoming.statusCode ?? 0, connection: incoming.headers.connection }),
          );
        });
        outgoing.on("error", reject);
        outgoing.end(body);
      });
    // A wrong password is refused before the 64 KiB body is read.
    const refused = await call(
      "PUT",
      "/inventory/binaries/1",
      { authorization: `Basic ${btoa("t100/admin:wrong")}`, "content-type": "application/octet-stream" },
      new Uint8Array(64 * 1024),
    );
    expect(refused).toEqual({ status: 401, connection: "keep-alive" });
    const next = await call("GET", "/inventory/binaries/1", ADMIN);
    expect(next.status).toBe(200);
    expect(sockets.size).toBe(1);
    agent.destroy();
  });
});

describe("the HTTP mock server's timeouts", () => {
  it("answers headers that never end with 408 and closes the connection", async () => {
    const base = await start({ headersTimeoutMs: 300 });
    const answer = await closedAfter(
      Number(new URL(base).port),
      "GET /inventory/binaries HTTP/1.1\r\nHost: x\r\n",
      20_000,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("closes a connection that sends nothing", async () => {
    const base = await start({ idleTimeoutMs: 300 });
    expect(await closedAfter(Number(new URL(base).port), "", 20_000)).not.toBe("open");
  });
});
