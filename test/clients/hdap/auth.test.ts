import { createHdapMock } from "bytewire/mocks";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { RequestLogEntry } from "../../../src/core/logger.ts";
import { useMockedApis } from "../../support/msw.ts";
import {
  authenticateCalls,
  BASE_URL,
  BJENSEN_DN,
  hdapClient,
  KVAUGHAN_DN,
  KVAUGHAN_PASSWORD_AUTH,
  KVAUGHAN_PATH,
  mswFetch,
  recordingFetch,
} from "./support.ts";

// The mock reads the clock on every call, so faking Date moves its token expiry together with the client's.
const mocked = useMockedApis(() => [createHdapMock({ tokenLifetimeSeconds: 60 }, () => Date.now())]);

afterEach(() => {
  vi.useRealTimers();
});

function basicUser(header: string | null): string {
  const [scheme, credentials = ""] = (header ?? "").split(" ");
  expect(scheme).toBe("Basic");
  return new TextDecoder().decode(Uint8Array.from(atob(credentials), (char) => char.charCodeAt(0)));
}

describe("auth: basic", () => {
  it("sends the account's HDAP path as the user name, from a DN or a path", async () => {
    for (const account of [{ dn: KVAUGHAN_DN }, { path: KVAUGHAN_PATH }]) {
      const { sent, fetch } = recordingFetch();
      const hdap = hdapClient({ fetch, auth: { type: "basic", ...account, password: "bribery" } });
      await hdap.update(BJENSEN_DN, { description: "written with Basic" });
      expect(basicUser(sent[0]?.headers.get("authorization") ?? null)).toBe(`${KVAUGHAN_PATH}:bribery`);
    }
  });

  it("answers 401 for a wrong password", async () => {
    const hdap = hdapClient({ auth: { type: "basic", dn: KVAUGHAN_DN, password: "wrong" } });
    await expect(hdap.get(BJENSEN_DN)).rejects.toMatchObject({
      name: "ApiError",
      status: 401,
      code: 401,
      kind: "unauthorized",
    });
  });
});

describe("auth: authenticate and bearer", () => {
  it("authenticate() converts expires_in to a number and sends no Authorization, even from a Basic client", async () => {
    const { sent, fetch } = recordingFetch();
    // Wrong Basic credentials would fail any request carrying them: authenticate must not carry them.
    const hdap = hdapClient({ fetch, auth: { type: "basic", dn: BJENSEN_DN, password: "not-her-password" } });
    const token = await hdap.authenticate(KVAUGHAN_DN, "bribery");
    expect(token).toEqual({
      accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      tokenType: "Bearer",
      expiresIn: 60,
    });
    expect(sent[0]?.url).toBe(`https://localhost:8443/hdap/${KVAUGHAN_PATH}?_action=authenticate`);
    expect(sent[0]?.headers.has("authorization")).toBe(false);
    expect(JSON.parse(await (sent[0]?.body ?? Promise.resolve("")))).toEqual({ password: "bribery" });
    await expect(hdap.authenticate(KVAUGHAN_DN, "wrong")).rejects.toMatchObject({ status: 401, kind: "unauthorized" });
  });

  it("sends a given bearer token, or the current one of a token function on every request", async () => {
    const { accessToken } = await hdapClient().authenticate(KVAUGHAN_DN, "bribery");
    const { sent, fetch } = recordingFetch();
    await hdapClient({ fetch, auth: { type: "bearer", token: accessToken } }).update(BJENSEN_DN, { description: "b" });
    expect(sent[0]?.headers.get("authorization")).toBe(`Bearer ${accessToken}`);

    const source = vi.fn(() => accessToken);
    const hdap = hdapClient({ auth: { type: "bearer", token: source } });
    await hdap.get(BJENSEN_DN);
    await hdap.get(BJENSEN_DN);
    expect(source).toHaveBeenCalledTimes(2);
  });
});

describe("auth: password (cached bearer tokens)", () => {
  it("authenticates once for many requests, also concurrent ones", async () => {
    const { sent, fetch } = recordingFetch();
    const hdap = hdapClient({ fetch, auth: KVAUGHAN_PASSWORD_AUTH });
    await Promise.all(Array.from({ length: 5 }, () => hdap.get(BJENSEN_DN, { fields: ["cn"] })));
    await hdap.update(BJENSEN_DN, { description: "one token" });
    // A listing without pageSize is one request: the whole result in one page.
    const uids: unknown[] = [];
    for await (const entry of hdap.list("ou=People,dc=example,dc=com", { fields: ["uid"] })) {
      uids.push(entry.uid);
    }
    expect(uids).toEqual(expect.arrayContaining([["bjensen"], ["kvaughan"]]));
    expect(authenticateCalls(sent)).toHaveLength(1);
    const others = sent.filter((request) => !authenticateCalls(sent).includes(request));
    expect(others).toHaveLength(7);
    const headers = new Set(others.map((request) => request.headers.get("authorization")));
    expect(headers.size).toBe(1);
    expect([...headers][0]).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it("re-authenticates shortly before expires_in runs out (fake clock)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2030-01-01T00:00:00.000Z"));
    const { sent, fetch } = recordingFetch();
    const hdap = hdapClient({ fetch, auth: KVAUGHAN_PASSWORD_AUTH });
    await hdap.get(BJENSEN_DN);
    vi.setSystemTime(new Date("2030-01-01T00:00:29.000Z"));
    await hdap.get(BJENSEN_DN);
    expect(authenticateCalls(sent)).toHaveLength(1);
    // 60 s lifetime, renewed 30 s early (at most half the lifetime): no request is sent with a dying token.
    vi.setSystemTime(new Date("2030-01-01T00:00:31.000Z"));
    await hdap.get(BJENSEN_DN);
    expect(authenticateCalls(sent)).toHaveLength(2);
    expect(sent.map((request) => request.method)).toEqual(["POST", "GET", "GET", "POST", "GET"]);
    expect(sent[4]?.headers.get("authorization")).not.toBe(sent[1]?.headers.get("authorization"));
  });

  it("re-authenticates and sends the request once more when the server answers 401", async () => {
    const { sent, fetch } = recordingFetch();
    const hdap = hdapClient({ fetch, auth: KVAUGHAN_PASSWORD_AUTH });
    await hdap.get(BJENSEN_DN, { fields: ["cn"] });
    // A reset rotates the mock's signing key: the cached token is now refused, as after a DS key change.
    mocked.reset();
    const updated = await hdap.update(BJENSEN_DN, { description: "after 401" }, { fields: ["description"] });
    expect(updated).toMatchObject({ description: ["after 401"] });
    expect(sent.map((request) => request.method)).toEqual(["POST", "GET", "PUT", "POST", "PUT"]);
    expect(await sent[4]?.body).toBe(await sent[2]?.body);
    expect(sent[4]?.headers.get("authorization")).not.toBe(sent[2]?.headers.get("authorization"));
  });

  it("re-authenticates on a 401 for a token the server expired before the client expected", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2030-01-01T00:00:00.500Z"));
    const { sent, fetch } = recordingFetch();
    const hdap = hdapClient({ fetch, auth: { ...KVAUGHAN_PASSWORD_AUTH, refreshMarginMs: 0 } });
    await hdap.get(BJENSEN_DN);
    // The mock's expiry is whole seconds (exp = 00:01:00), the client's 00:01:00.5: in between the server refuses.
    vi.setSystemTime(new Date("2030-01-01T00:01:00.200Z"));
    await hdap.get(BJENSEN_DN);
    expect(sent.map((request) => request.method)).toEqual(["POST", "GET", "GET", "POST", "GET"]);
  });

  it("gives up after one new token: a second 401 is thrown", async () => {
    const { sent, fetch } = recordingFetch((request, init) =>
      request.method === "GET"
        ? Promise.resolve(Response.json({ code: 401, reason: "Unauthorized", message: "no" }, { status: 401 }))
        : mswFetch(request, init),
    );
    const hdap = hdapClient({ auth: KVAUGHAN_PASSWORD_AUTH, fetch, maxRetries: 2 });
    await expect(hdap.get(BJENSEN_DN)).rejects.toMatchObject({ status: 401, kind: "unauthorized" });
    expect(sent.map((request) => request.method)).toEqual(["POST", "GET", "POST", "GET"]);
  });

  it("throws the authenticate call's 401 for a wrong password", async () => {
    const hdap = hdapClient({ auth: { ...KVAUGHAN_PASSWORD_AUTH, password: "wrong" } });
    await expect(hdap.get(BJENSEN_DN)).rejects.toMatchObject({
      status: 401,
      method: "POST",
      kind: "unauthorized",
    });
  });
});

describe("auth: redirects", () => {
  it("never follows a redirect of _action=authenticate to another origin: the password stays home", async () => {
    const { sent, fetch } = recordingFetch((request, init) =>
      new URL(request.url).searchParams.get("_action") === "authenticate" && request.url.startsWith(BASE_URL)
        ? Promise.resolve(
            new Response(null, { status: 307, headers: { Location: "https://elsewhere.example/hdap/steal" } }),
          )
        : mswFetch(request, init),
    );
    const hdap = hdapClient({ fetch, auth: KVAUGHAN_PASSWORD_AUTH });
    await expect(hdap.get(BJENSEN_DN)).rejects.toMatchObject({
      name: "InvalidResponseError",
      code: "CROSS_ORIGIN_REDIRECT",
      kind: "invalid_response",
    });
    await expect(hdap.authenticate(KVAUGHAN_DN, "bribery")).rejects.toMatchObject({ code: "CROSS_ORIGIN_REDIRECT" });
    expect(sent.every((request) => request.url.startsWith(BASE_URL))).toBe(true);
  });

  it("follows a read's redirect to another origin without the bearer token", async () => {
    const { sent, fetch } = recordingFetch((request, init) => {
      if (request.url.startsWith("https://mirror.example/")) {
        return Promise.resolve(Response.json({ _id: "dc=com/dc=example/ou=People/uid=bjensen", cn: ["Mirror"] }));
      }
      return request.method === "GET"
        ? Promise.resolve(
            new Response(null, { status: 302, headers: { Location: "https://mirror.example/hdap/bjensen" } }),
          )
        : mswFetch(request, init);
    });
    const hdap = hdapClient({ fetch, auth: KVAUGHAN_PASSWORD_AUTH });
    expect(await hdap.get(BJENSEN_DN)).toMatchObject({ cn: ["Mirror"] });
    expect(sent.map((request) => `${request.method} ${new URL(request.url).host}`)).toEqual([
      "POST localhost:8443",
      "GET localhost:8443",
      "GET mirror.example",
    ]);
    expect(sent[1]?.headers.get("authorization")).toMatch(/^Bearer /);
    expect(sent[2]?.headers.has("authorization")).toBe(false);
  });
});

describe("auth: secrets never reach errors or logs", () => {
  it("keeps passwords, tokens and Basic credentials out of messages, bodies, JSON and debug logs", async () => {
    const entries: RequestLogEntry[] = [];
    const { sent, fetch } = recordingFetch();
    // A server that echoes the credentials of the request in its error message.
    const echoing: typeof fetch = async (request, init) => {
      const response = await fetch(request, init);
      if (request.method !== "PUT") {
        return response;
      }
      const authorization = request.headers.get("authorization") ?? "";
      const message = `rejected ${authorization} (token ${authorization.split(" ")[1]}) for password bribery`;
      return Response.json({ code: 400, reason: "Bad Request", message }, { status: 400 });
    };
    for (const auth of [KVAUGHAN_PASSWORD_AUTH, { type: "basic", dn: KVAUGHAN_DN, password: "bribery" } as const]) {
      const hdap = hdapClient({ fetch: echoing, auth, logger: (entry) => entries.push(entry), logLevel: "debug" });
      const error: unknown = await hdap.update(BJENSEN_DN, { description: "x" }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: "ApiError", status: 400 });
      const credentials = sent.at(-1)?.headers.get("authorization")?.split(" ")[1] ?? "";
      expect(credentials.length).toBeGreaterThan(8);
      const texts = [
        (error as Error).message,
        JSON.stringify(error),
        JSON.stringify((error as { body: unknown }).body),
        JSON.stringify(entries),
      ];
      for (const text of texts) {
        expect(text).not.toContain("bribery");
        expect(text).not.toContain(credentials);
      }
      expect((error as Error).message).toContain("[REDACTED]");
    }
    expect(entries.length).toBeGreaterThan(0);
  });
});
