// The HTTP mock server against hostile and careless clients, in a process of its own: every request gets an answer
// (within 5 s, never a 5xx), bodies are bounded and never waited on, abandoned uploads give their memory and sockets
// back, and malformed targets, hosts, media types and multipart bodies are the client's 400 in the API's own shape.
// Nothing here times the server beyond "answered at all".
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type MockProcess, startMockProcess } from "./robustness/mock-process-client.ts";
import { type Answer, endlessChunks, limitedChunks, send, sendRaw } from "./robustness/raw-http.ts";
import { AUTH, DOCUMENT_OPERATIONS, ERROR_SHAPE, ROUTES, type Route } from "./robustness/routes.ts";

const MiB = 1024 * 1024;
// Generous limits for a loaded machine: what is asserted is that each request is answered (within 5 s of when its
// answer is due), not how fast the test runs.
vi.setConfig({ testTimeout: 60_000 });
let mock: MockProcess;

beforeAll(async () => {
  mock = await startMockProcess();
}, 90_000);

// A session of its own for each 4D request: the logout route ends the one it is sent with.
async function fourDSession(): Promise<string> {
  const login = await send(mock.url, {
    method: "POST",
    path: "/rest/$directory/login",
    headers: { "username-4D": "admin", "password-4D": "admin" },
  });
  return ([] as string[])
    .concat(login.headers["set-cookie"] ?? [])
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

afterAll(async () => {
  const errors = mock ? await mock.errors() : [];
  mock?.stop();
  expect(errors).toEqual([]);
});

async function authOf(route: Route): Promise<Record<string, string>> {
  return route.api === "fourd" ? { cookie: await fourDSession() } : { ...AUTH[route.api] };
}

function expectErrorShape(route: Route, answer: Answer): void {
  expect(answer.headers["content-type"], `${route.operationId} ${answer.status}`).toMatch(/json/);
  expect(ERROR_SHAPE[route.api](answer.json() as Record<string, unknown>), answer.body.toString("utf8")).toBe(true);
}

describe("every route answers a request with a body", () => {
  it("covers every operation of the document", () => {
    expect(ROUTES.map((route) => route.operationId).sort()).toEqual([...DOCUMENT_OPERATIONS].sort());
  });

  it.each(ROUTES)("$operationId answers a body it does not expect (or a stray one) without 5xx", async (route) => {
    const answer = await send(mock.url, {
      method: route.method,
      path: route.path,
      headers: { ...(await authOf(route)), "content-type": "application/octet-stream" },
      body: new TextEncoder().encode("x"),
    });
    expect(answer.status, answer.body.toString("utf8")).toBeLessThan(500);
  });

  it.each(ROUTES)(
    "$operationId answers a chunked body that never ends without 5xx",
    async (route) => {
      const answer = await send(mock.url, {
        method: route.method,
        path: route.path,
        headers: { ...(await authOf(route)), "content-type": route.bodyType ?? "application/octet-stream" },
        body: endlessChunks(),
        // Routes that read bodies answer once the limit is crossed, however long a loaded machine takes to get there.
        countFromByte: route.limit ?? 0,
      });
      expect(answer.status, answer.body.toString("utf8")).toBeLessThan(500);
      expect(await answer.closedWithin(5000)).toBe(true);
    },
    120_000,
  );

  it("answers a body on a path no operation has, and on a method the path does not allow", {
    timeout: 60_000,
  }, async () => {
    for (const [method, path] of [
      ["DELETE", "/inventory/nothing-here"],
      ["PATCH", "/inventory/binaries/1"],
      ["POST", "/v1/environments/x/images/y"],
      ["PUT", "/rest/$directory/logout"],
    ] as const) {
      const answer = await send(mock.url, { method, path, headers: AUTH.cumulocity, body: endlessChunks() });
      expect([404, 405], `${method} ${path}`).toContain(answer.status);
    }
  });
});

describe("bodies past the limit", () => {
  const uploads = ROUTES.filter((route) => route.limit !== undefined);

  it.each(uploads)(
    "$operationId answers a chunked body past its limit with its own error and closes",
    async (route) => {
      const answer = await send(mock.url, {
        method: route.method,
        path: route.path,
        headers: { ...(await authOf(route)), "content-type": route.bodyType ?? "" },
        body: endlessChunks(route.bodyStart),
        countFromByte: route.limit ?? 0,
      });
      expect(answer.status).toBe(route.tooLarge);
      expectErrorShape(route, answer);
      expect(JSON.stringify(answer.json())).toMatch(/limit/);
      expect(await answer.closedWithin(5000)).toBe(true);
    },
    120_000,
  );

  it.each(uploads)("$operationId refuses a Content-Length past its limit before the body", async (route) => {
    const answer = await send(mock.url, {
      method: route.method,
      path: route.path,
      headers: {
        ...(await authOf(route)),
        "content-type": route.bodyType ?? "",
        "content-length": String((route.limit ?? 0) + 1),
      },
      body: limitedChunks(64 * 1024),
    });
    expect(answer.status).toBe(route.tooLarge);
    expectErrorShape(route, answer);
  });
});

describe("abandoned uploads", () => {
  it("give their memory and sockets back: RSS within 20 MiB of the baseline, no socket left open", async () => {
    // Warm up: the first uploads load code and grow the heap to its working size.
    for (let round = 0; round < 2; round++) {
      await send(mock.url, {
        method: "PUT",
        path: "/inventory/binaries/2",
        headers: { ...AUTH.cumulocity, "content-type": "application/octet-stream" },
        body: new Uint8Array(MiB),
      });
    }
    const baseline = await mock.rss();
    const fourD = await fourDSession();
    const abandoned = [
      "/inventory/binaries/2",
      "/inventory/binaries/1",
      "/rest/$upload?$binary=true",
      "/inventory/binaries/2",
    ];
    await Promise.all(
      abandoned.map(
        (path) =>
          new Promise<void>((resolve) => {
            // 40 MiB of a body under the 50 MiB limit, then silence, then the client goes away.
            const request = send(mock.url, {
              method: path.startsWith("/rest") ? "POST" : "PUT",
              path,
              headers: {
                ...(path.startsWith("/rest") ? { cookie: fourD } : AUTH.cumulocity),
                "content-type": "application/octet-stream",
              },
              body: limitedChunks(40 * MiB),
              answerWithinMs: 3000,
            });
            // No answer can come for a body that has not ended: the request times out and is destroyed.
            request.then(
              () => resolve(),
              () => resolve(),
            );
          }),
      ),
    );
    // The uploads are gone; the server must let go of them. Asked again (each time after forced collections) until
    // both hold, for 30 s at most: a server that frees them passes as soon as it has, whatever the machine's load,
    // and one that keeps them fails on the last answers.
    const giveUpAt = Date.now() + 30_000;
    let rss = await mock.rss();
    let connections = await mock.connections();
    while ((rss > baseline + 20 * MiB || connections > 0) && Date.now() < giveUpAt) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      rss = await mock.rss();
      connections = await mock.connections();
    }
    expect(Math.round((rss - baseline) / MiB), `baseline ${baseline}, after ${rss}`).toBeLessThanOrEqual(20);
    expect(connections).toBe(0);
  }, 90_000);
});

describe("multipart bodies", () => {
  const upload = ROUTES.find((route) => route.operationId === "cumulocityUploadBinary") as Route;

  it("refuses a boundary longer than RFC 2046's 70 characters before reading the body", async () => {
    const boundary = "-".repeat(2000);
    const answer = await send(mock.url, {
      method: "POST",
      path: "/inventory/binaries",
      headers: { ...AUTH.cumulocity, "content-type": `multipart/form-data; boundary=${boundary}` },
      body: new TextEncoder().encode(`--${boundary}\r\n${"-".repeat(512 * 1024)}`),
    });
    expect(answer.status).toBe(400);
    expectErrorShape(upload, answer);
    expect(String((answer.json() as { message: string }).message)).toMatch(/boundary/);
  });

  it("parses a 70-character boundary over 1 MiB of dashes while other clients are answered", {
    timeout: 60_000,
  }, async () => {
    const boundary = "-".repeat(70);
    const body = new TextEncoder().encode(`--${boundary}\r\n${"-".repeat(MiB)}`);
    const slow = send(mock.url, {
      method: "POST",
      path: "/inventory/binaries",
      headers: { ...AUTH.cumulocity, "content-type": `multipart/form-data; boundary=${boundary}` },
      body,
    });
    const others = Array.from({ length: 5 }, () =>
      send(mock.url, { method: "GET", path: "/inventory/binaries", headers: AUTH.cumulocity }),
    );
    const [answer, ...rest] = await Promise.all([slow, ...others]);
    expect(answer?.status).toBe(400);
    expect(rest.map((other) => other.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it("answers multipart sent to an operation that takes JSON with HDAP's 400, without parsing it", async () => {
    const boundary = "-".repeat(4001);
    const answer = await send(mock.url, {
      method: "POST",
      path: "/hdap/dc=com/dc=example/ou=People/uid=bjensen?_action=authenticate",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      body: new TextEncoder().encode(`--${boundary}\r\n${"-".repeat(MiB)}`),
    });
    // HDAP declares no 415: a body of a type it does not take is Common REST's 400.
    expect(answer.status).toBe(400);
    expectErrorShape(ROUTES[0] as Route, answer);
    expect((answer.json() as { message: string }).message).toMatch(/Content-Type/);
  });
});

describe("media types", () => {
  const upload = ROUTES.find((route) => route.operationId === "cumulocityUploadBinary") as Route;

  function form(parts: { headers: string; body: string }[]): Uint8Array {
    const text = parts.map((part) => `--b\r\n${part.headers}\r\n\r\n${part.body}\r\n`).join("");
    return new TextEncoder().encode(`${text}--b--\r\n`);
  }

  async function count(): Promise<number> {
    const list = await send(mock.url, {
      method: "GET",
      path: "/inventory/binaries?pageSize=2000",
      headers: AUTH.cumulocity,
    });
    return (list.json() as { managedObjects: unknown[] }).managedObjects.length;
  }

  it("refuses a file part whose Content-Type is no media type, and stores nothing", async () => {
    const before = await count();
    for (const type of ["text/中", "text", "text/plain; charset", "image/png\u0000"]) {
      const answer = await send(mock.url, {
        method: "POST",
        path: "/inventory/binaries",
        headers: { ...AUTH.cumulocity, "content-type": "multipart/form-data; boundary=b" },
        body: form([
          { headers: 'Content-Disposition: form-data; name="object"', body: '{"name":"a.txt","type":"text/plain"}' },
          {
            headers: `Content-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: ${type}`,
            body: "a",
          },
        ]),
      });
      expect(answer.status, type).toBe(400);
      expectErrorShape(upload, answer);
    }
    expect(await count()).toBe(before);
  });

  it("stores an object.type with a line feed or NUL as data, and serves the file afterwards", {
    timeout: 60_000,
  }, async () => {
    for (const type of ["text/plain\nX-Injected: 1", "c8y\u0000upload"]) {
      const created = await send(mock.url, {
        method: "POST",
        path: "/inventory/binaries",
        headers: { ...AUTH.cumulocity, accept: "application/json", "content-type": "multipart/form-data; boundary=b" },
        body: form([
          { headers: 'Content-Disposition: form-data; name="object"', body: JSON.stringify({ name: "a.txt", type }) },
          { headers: 'Content-Disposition: form-data; name="file"; filename="a.txt"', body: "hello" },
        ]),
      });
      expect(created.status).toBe(201);
      const { id } = created.json() as { id: string };
      const download = await send(mock.url, {
        method: "GET",
        path: `/inventory/binaries/${id}`,
        headers: AUTH.cumulocity,
      });
      expect(download.status).toBe(200);
      expect(download.body.toString("utf8")).toBe("hello");
      expect(download.headers["x-injected"]).toBeUndefined();
    }
  });

  it("answers a request Content-Type that is no media type with 4xx in the API's shape", async () => {
    const header = Buffer.from("Content-Type: image/\u4e2d\r\n", "utf8");
    const request = Buffer.concat([
      Buffer.from(
        `POST /v1/environments/abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6/images HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
          "Authorization: Bearer demo-token\r\nContent-Length: 1\r\nConnection: close\r\n",
      ),
      header,
      Buffer.from("\r\nx"),
    ]);
    const answer = await sendRaw(mock.port, request);
    expect(answer).toMatch(/^HTTP\/1\.1 4\d\d /);
    expect(answer).toMatch(/"code":"/);
  });
});

describe("request targets and hosts", () => {
  const prefixes: [Route["api"], string][] = [
    ["hdap", "/hdap/dc=com/dc=example/ou=People/uid=%ZZ"],
    ["fourd", "/rest/Employee(%G1)"],
    ["cumulocity", "/inventory/binaries/%ZZ"],
    ["pingone", "/v1/environments/%/images"],
  ];

  it.each(prefixes)("%s answers a malformed percent-escape with 400 in its own shape", async (api, path) => {
    const route = ROUTES.find((candidate) => candidate.api === api) as Route;
    const answer = await send(mock.url, { method: "GET", path, headers: await authOf(route) });
    expect(answer.status).toBe(400);
    expectErrorShape(route, answer);
  });

  it("answers a malformed escape in the query with 400", async () => {
    const answer = await send(mock.url, {
      method: "GET",
      path: "/inventory/binaries?type=%E",
      headers: AUTH.cumulocity,
    });
    expect(answer.status).toBe(400);
  });

  it.each(["[", "a b", "x:y:z", "[::1"])("answers Host: %s with 400, never 5xx", async (host) => {
    const answer = await sendRaw(
      mock.port,
      Buffer.from(
        `GET /inventory/binaries/1 HTTP/1.1\r\nHost: ${host}\r\nAuthorization: ${AUTH.cumulocity.authorization}\r\nConnection: close\r\n\r\n`,
      ),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
  });
});
