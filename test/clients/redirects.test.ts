import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { createCumulocityClient } from "bytewire/cumulocity";
import { createFourDClient } from "bytewire/fourd";
import { createHdapClient } from "bytewire/hdap";
import { createMockBackend } from "bytewire/mocks";
import { createPingOneClient } from "bytewire/pingone";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningMockServer, startMockServer } from "../../src/mocks/node/server.ts";
import { caught } from "../support/bytes.ts";

/*
 * Credentials stay on the origin they were configured for, whatever redirect a server sends. The API origin is a
 * proxy in front of the mock server that answers `/r/<status>/<same|cross>/<path>` with a redirect to `<path>` on
 * itself or on another origin, a recorder that keeps every request it gets. Every call that carries a credential, of
 * every client, goes through every redirect status to both places: on the same origin the call succeeds (the
 * credentials are sent again), on the other one nothing that authenticates arrives. A client request that bypassed
 * the pipeline would follow the redirect with fetch's defaults, which keep custom headers (4D's username-4D and
 * password-4D) and re-send a 307's body (HDAP's password): the recorder would see them.
 */

const STATUSES = [301, 302, 303, 307, 308] as const;
const PINGONE_ENV = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";
const PINGONE_IMAGE = "99b4c866-041f-4c04-b495-be764f14927f";
const PASSWORDS = ["admin", "bribery", "hifalutin"];
const CREDENTIAL_HEADERS = ["authorization", "cookie", "username-4d", "password-4d", "proxy-authorization"];

interface Recorded {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let mock: RunningMockServer;
let api: Server;
let other: Server;
let apiOrigin: string;
let otherOrigin: string;
const recorded: Recorded[] = [];

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Forwards a request to the mock server and its answer back, cookies included. */
async function forward(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === "string" && name !== "host" && name !== "connection") {
      headers.set(name, value);
    }
  }
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  const answer = await fetch(`${mock.url}${path}`, {
    method: request.method ?? "GET",
    headers,
    ...(hasBody ? { body: Readable.toWeb(request) as ReadableStream<Uint8Array>, duplex: "half" } : {}),
    redirect: "manual",
  } as RequestInit);
  const outgoing: Record<string, string | string[]> = {};
  answer.headers.forEach((value, name) => {
    if (name !== "set-cookie" && name !== "content-encoding" && name !== "transfer-encoding") {
      outgoing[name] = value;
    }
  });
  const cookies = answer.headers.getSetCookie();
  if (cookies.length > 0) {
    outgoing["set-cookie"] = cookies;
  }
  response.writeHead(answer.status, outgoing);
  if (answer.body === null) {
    response.end();
    return;
  }
  Readable.fromWeb(answer.body as NodeReadableStream<Uint8Array>).pipe(response);
}

beforeAll(async () => {
  mock = await startMockServer({ handlers: createMockBackend().handlers, port: 0 });
  other = createServer(async (request, response) => {
    const body = await readBody(request);
    recorded.push({
      method: request.method ?? "",
      path: request.url ?? "",
      headers: request.headers,
      body: body.toString("latin1"),
    });
    response.writeHead(401, { "Content-Type": "application/json" }).end('{"code":401,"message":"who are you?"}');
  });
  otherOrigin = await listen(other);
  api = createServer(async (request, response) => {
    const match = /^\/r\/(\d{3})\/(same|cross)(\/.*)$/.exec(request.url ?? "");
    if (match === null) {
      await forward(request, response, request.url ?? "/");
      return;
    }
    await readBody(request);
    const [, status, where, rest] = match;
    response.writeHead(Number(status), { Location: where === "same" ? rest : `${otherOrigin}${rest}` }).end();
  });
  apiOrigin = await listen(api);
});

afterAll(async () => {
  for (const server of [api, other]) {
    server.closeAllConnections();
    server.close();
  }
  await mock?.close();
});

beforeEach(() => {
  recorded.length = 0;
});

/** What the other origin received must not authenticate anyone. */
function expectNoCredentialsElsewhere(): void {
  for (const request of recorded) {
    for (const name of CREDENTIAL_HEADERS) {
      expect(request.headers[name], `${request.method} ${request.path} carried ${name}`).toBeUndefined();
    }
    for (const password of PASSWORDS) {
      expect(request.body.includes(`"${password}"`), `${request.method} ${request.path} carried a password`).toBe(
        false,
      );
    }
    expect(request.path).not.toMatch(/token|password/i);
  }
}

type Call = (baseUrl: string) => Promise<unknown>;

/** Calls that POST (a login, an authenticate, an upload): a 301, 302 or 303 is not followed for them. */
const POSTING = new Set([
  "hdap password: authenticate, then upload with the token",
  "hdap: authenticate (the password in the body)",
  "fourd session: login with username-4D/password-4D, then list with the cookie",
  "fourd session: upload a file",
  "cumulocity basic: upload",
  "pingone bearer: upload",
]);

const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg=="),
  (char) => char.charCodeAt(0),
);

/** Every call of every client that carries a credential, by the client's own auth. */
const CALLS: Record<string, Call> = {
  "hdap basic: get": (baseUrl) =>
    createHdapClient({
      baseUrl,
      auth: { type: "basic", dn: "uid=bjensen,ou=People,dc=example,dc=com", password: "hifalutin" },
    }).get("uid=bjensen,ou=People,dc=example,dc=com", { fields: ["cn"] }),
  "hdap password: authenticate, then upload with the token": (baseUrl) =>
    createHdapClient({
      baseUrl,
      auth: { type: "password", dn: "uid=kvaughan,ou=People,dc=example,dc=com", password: "bribery" },
    }).upload("uid=bjensen,ou=People,dc=example,dc=com", "photo", new Blob([PNG])),
  "hdap: authenticate (the password in the body)": (baseUrl) =>
    createHdapClient({ baseUrl }).authenticate("uid=kvaughan,ou=People,dc=example,dc=com", "bribery"),
  "fourd session: login with username-4D/password-4D, then list with the cookie": async (baseUrl) => {
    const fourd = createFourDClient({ baseUrl, auth: { type: "session", user: "admin", password: "admin" } });
    for await (const user of fourd.list("User", { pageSize: 2 })) {
      return user;
    }
    return undefined;
  },
  "fourd session: upload a file": (baseUrl) =>
    createFourDClient({ baseUrl, auth: { type: "session", user: "admin", password: "admin" } }).uploadFile(
      new Blob([PNG], { type: "image/png" }),
    ),
  "cumulocity basic: list": async (baseUrl) => {
    const c8y = createCumulocityClient({
      baseUrl,
      auth: { type: "basic", tenant: "t100", user: "admin", password: "admin" },
    });
    for await (const binary of c8y.list({ pageSize: 1 })) {
      return binary;
    }
    return undefined;
  },
  "cumulocity basic: upload": (baseUrl) =>
    createCumulocityClient({
      baseUrl,
      auth: { type: "basic", tenant: "t100", user: "admin", password: "admin" },
    }).upload(new Blob(["hello"]), { name: "hello.txt", type: "text/plain" }),
  "cumulocity bearer: download": (baseUrl) =>
    createCumulocityClient({ baseUrl, auth: { type: "bearer", token: "admin-token" } })
      .download("1")
      .then((download) => download.bytes()),
  "pingone bearer: get": (baseUrl) =>
    createPingOneClient({
      baseUrl: `${baseUrl}/v1`,
      environmentId: PINGONE_ENV,
      auth: { type: "bearer", token: "demo-token" },
    }).get(PINGONE_IMAGE),
  "pingone bearer: upload": (baseUrl) =>
    createPingOneClient({
      baseUrl: `${baseUrl}/v1`,
      environmentId: PINGONE_ENV,
      auth: { type: "bearer", token: "demo-token" },
    }).upload(new Blob([PNG]), { filename: "dot.png" }),
};

describe("credentials never leave their origin on a redirect", () => {
  describe.each(STATUSES)("%i", (status) => {
    it.each(Object.keys(CALLS))("to the same origin: %s is followed, its credentials sent again", async (name) => {
      const call = CALLS[name] as Call;
      const pending = call(`${apiOrigin}/r/${status}/same`);
      if (POSTING.has(name) && status < 307) {
        // fetch would follow a POST's 301, 302 or 303 as a GET of something else; bytewire hands the 3xx back.
        expect(await caught(() => pending)).toMatchObject({ name: "ApiError", status });
      } else {
        await expect(pending).resolves.not.toThrow();
      }
      expect(recorded).toEqual([]);
    });

    it.each(Object.keys(CALLS))("to another origin: %s sends no credential there", async (name) => {
      const call = CALLS[name] as Call;
      const error = await caught(() => call(`${apiOrigin}/r/${status}/cross`));
      expect(error).toMatchObject({ name: expect.stringMatching(/^(ApiError|InvalidResponseError)$/) });
      expectNoCredentialsElsewhere();
    });
  });

  it("a login or authenticate is not followed to another origin at all", async () => {
    const login = await caught(
      () => CALLS["fourd session: upload a file"]?.(`${apiOrigin}/r/307/cross`) ?? Promise.resolve(),
    );
    expect(login).toMatchObject({ name: "InvalidResponseError", code: "CROSS_ORIGIN_REDIRECT" });
    const authenticate = await caught(
      () => CALLS["hdap: authenticate (the password in the body)"]?.(`${apiOrigin}/r/308/cross`) ?? Promise.resolve(),
    );
    expect(authenticate).toMatchObject({ name: "InvalidResponseError", code: "CROSS_ORIGIN_REDIRECT" });
    expect(recorded).toEqual([]);
  });

  it("a request the other origin does get arrives without credentials and answers as itself", async () => {
    const error = await caught(
      () => CALLS["cumulocity basic: list"]?.(`${apiOrigin}/r/302/cross`) ?? Promise.resolve(),
    );
    expect(error).toMatchObject({ name: "ApiError", status: 401, kind: "unauthorized" });
    expect(recorded.map(({ method, path }) => `${method} ${path}`)).toEqual([
      "GET /inventory/binaries?pageSize=1&currentPage=1",
    ]);
    expectNoCredentialsElsewhere();
  });
});
