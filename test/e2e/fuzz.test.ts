// Sends thousands of generated bad requests to the real HTTP mock server: wrong types, missing parameters and
// parts, bad JSON, bad base64, wrong or missing credentials, oversized bodies, unknown methods and paths. The
// server must never answer 5xx or crash, and every error must be in its API's own error shape.
import { connect } from "node:net";
import {
  bundledDocument,
  createMswHandlers,
  DocumentValidator,
  type OperationEntry,
  OperationRouter,
} from "bytewire/mocks";
import { type RunningMockServer, startMockServer } from "bytewire/mocks/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDispatcher } from "../support/mock.ts";
import { createFuzzApis, FUZZ_APIS, type FuzzApi } from "./fuzz/apis.ts";
import { type BadRequest, badRequests } from "./fuzz/bad-requests.ts";
import { createRandom } from "./fuzz/random.ts";

const router = new OperationRouter(bundledDocument);
const validator = new DocumentValidator(bundledDocument);
const LIMIT = 64 * 1024;
const MINIMUM_BAD_REQUESTS = 2000;

let server: RunningMockServer;
let login4D: () => Promise<string>;

beforeAll(async () => {
  const dispatcher = createTestDispatcher(createFuzzApis(LIMIT));
  server = await startMockServer({ handlers: createMswHandlers(dispatcher), port: 0 });
  login4D = async () => {
    const response = await fetch(`${server.url}/rest/$directory/login`, {
      method: "POST",
      headers: { "username-4D": "admin", "password-4D": "admin" },
    });
    return response.headers
      .getSetCookie()
      .map((cookie) => cookie.split(";")[0])
      .join("; ");
  };
});

afterAll(async () => {
  await server.close();
});

function apiOf(entry: OperationEntry): FuzzApi {
  const api = FUZZ_APIS.find((candidate) => candidate.tag === entry.operation.tags?.[0]);
  if (!api) {
    throw new Error(`no fuzz profile for ${entry.operation.operationId}`);
  }
  return api;
}

function errorShapeIssues(api: FuzzApi, status: number, contentType: string | null, text: string): string[] {
  if (!contentType?.includes("json")) {
    return [`status ${status} answered ${contentType ?? "no Content-Type"}, not JSON`];
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [`status ${status} answered invalid JSON`];
  }
  return validator.validateAt(`#/components/schemas/${api.errorSchema}`, body).map((i) => `${i.at} ${i.message}`);
}

async function send(bad: BadRequest): Promise<{ status: number; problems: string[] }> {
  const response = await fetch(new URL(bad.path, server.url), bad.init);
  const text = await response.text();
  const problems: string[] = [];
  if (response.status >= 500) {
    problems.push(`answered ${response.status}: ${text.slice(0, 300)}`);
  } else if (bad.mustFail && response.status < 400) {
    problems.push(`accepted a bad request with ${response.status}`);
  }
  if (response.status >= 400) {
    problems.push(...errorShapeIssues(bad.api, response.status, response.headers.get("content-type"), text));
  }
  return { status: response.status, problems };
}

describe("fuzzing the HTTP mock server with bad requests", () => {
  it(`answers at least ${MINIMUM_BAD_REQUESTS} bad requests with 4xx errors in each API's own shape`, async () => {
    const random = createRandom(20261122);
    const cookie = await login4D();
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let mustFail = 0;
    let sent = 0;
    for (let round = 0; mustFail < MINIMUM_BAD_REQUESTS || round < 3; round++) {
      for (const entry of router.operations) {
        const api = apiOf(entry);
        for (const bad of badRequests(entry, {
          api,
          random,
          limit: LIMIT,
          validator,
          document: bundledDocument,
          cookie,
        })) {
          const { status, problems } = await send(bad);
          sent++;
          mustFail += bad.mustFail ? 1 : 0;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (problems.length > 0) {
            failures.push(`${bad.name} ${bad.init.method} ${bad.path}: ${problems.join("; ")}`);
          }
        }
      }
    }
    console.log(
      `fuzz: ${sent} requests (${mustFail} that must be rejected); statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(failures.slice(0, 20)).toEqual([]);
    expect(mustFail).toBeGreaterThanOrEqual(MINIMUM_BAD_REQUESTS);
  }, 300_000);

  it("survives malformed HTTP and a client that hangs up mid-body, and keeps serving", async () => {
    const raw = (payload: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(server.port, "127.0.0.1", () => socket.end(payload));
        let answer = "";
        socket.on("data", (chunk) => {
          answer += chunk.toString();
        });
        socket.on("close", () => resolve(answer));
        socket.on("error", () => resolve(answer));
      });
    expect(await raw("GARBAGE\r\n\r\n")).toMatch(/^HTTP\/1\.1 400/);
    expect(await raw("GET /hdap/dc=com HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n")).toMatch(/^HTTP\/1\.1 400/);
    // Content-Length promises more than is sent before the socket closes.
    await raw(
      "PUT /inventory/binaries/1 HTTP/1.1\r\nHost: x\r\nAuthorization: Basic dDEwMC9hZG1pbjphZG1pbg==\r\n" +
        "Content-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\npartial",
    );
    const after = await fetch(`${server.url}/inventory/binaries/1`, {
      headers: { authorization: `Basic ${btoa("t100/admin:admin")}` },
    });
    expect(after.status).toBe(200);
    expect((await after.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });
});
