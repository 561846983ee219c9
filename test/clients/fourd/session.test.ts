import { ApiError, InvalidInputError } from "bytewire/fourd";
import { createFourDMock, namedExampleBytes } from "bytewire/mocks";
import { describe, expect, it } from "vitest";
import { useMockedApis } from "../../support/msw.ts";
import { recordingFetch } from "../../support/recording-fetch.ts";
import { ADMIN, BASE_URL, caught, guestClient, READER, testClient } from "./harness.ts";

let clock = Date.parse("2026-11-22T10:00:00Z");
useMockedApis(
  () => [createFourDMock({}, () => clock)],
  () => clock,
);

const PNG = namedExampleBytes("fourd-employee-photo-png");
const JPEG = namedExampleBytes("fourd-profile-picture-jpeg");
const paths = (sent: { method: string; url: string }[]) =>
  sent.map((request) => `${request.method} ${new URL(request.url).pathname}`);

describe("4D sessions", () => {
  it("logs in once for concurrent first requests and sends the session cookie on each", async () => {
    const { client, sent } = testClient();
    await Promise.all([1, 2, 3].map((key) => client.get({ dataClass: "User", key })));
    expect(paths(sent).filter((path) => path.endsWith("/login"))).toHaveLength(1);
    const login = sent.find((request) => request.url.endsWith("/login"));
    expect(login?.headers.get("username-4D")).toBe("admin");
    expect(login?.headers.get("password-4D")).toBe("admin");
    const cookies = sent.slice(1).map((request) => request.headers.get("cookie"));
    expect(new Set(cookies).size).toBe(1);
    expect(cookies[0]).toMatch(/^4DSID_App=[0-9A-F]{32}$/);
  });

  it("sends session-4D-length when asked", async () => {
    const { client, sent } = testClient({ auth: { ...ADMIN, sessionLength: 90 } });
    await client.login();
    expect(sent[0]?.headers.get("session-4D-length")).toBe("90");
  });

  it("reads as a guest without credentials, and refuses login() then", async () => {
    const { client, sent } = guestClient();
    const { value: page } = await client.list("User", { pageSize: 2 }).pages().next();
    expect(page?.__ENTITIES).toHaveLength(2);
    expect(sent.map((request) => request.headers.get("cookie"))).toEqual([null]);
    const error = await caught(() => client.login());
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).code).toBe("MISSING_CREDENTIALS");
  });

  it("a guest cannot upload: 401 with 4D's __ERROR", async () => {
    const { client } = guestClient();
    const error = await caught(() => client.uploadFile(new Blob([PNG], { type: "image/png" })));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect((error as ApiError).api).toBe("fourd");
    // The 401 says what to do (log in); its errCode 1558 only says more where the status says nothing (a 200).
    expect(error).toMatchObject({ code: "1558", kind: "unauthorized" });
  });

  it("turns {result: false} into ApiError LOGIN_REFUSED without quoting the password", async () => {
    const { client } = testClient({ auth: { ...ADMIN, password: "wrong-secret-77" } });
    const error = await caught(() => client.get({ dataClass: "User", key: 5 }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "LOGIN_REFUSED", status: 200, api: "fourd", kind: "unauthorized" });
    const serialised = [String(error), (error as Error).stack, JSON.stringify(error)].join("\n");
    expect(serialised).not.toContain("wrong-secret-77");
  });

  it("logs in again after the session expired on the server, and sends the upload once more", async () => {
    const { client, sent } = testClient();
    await client.login();
    await client.get({ dataClass: "User", key: 5 });
    const firstCookie = sent[1]?.headers.get("cookie");
    expect(firstCookie).toMatch(/^4DSID_App=/);
    clock += 61 * 60_000;
    const id = await client.uploadFile(new Blob([PNG], { type: "image/png" }));
    expect(id).toMatch(/^[0-9A-F]{32}$/);
    expect(paths(sent).slice(2)).toEqual(["POST /rest/$upload", "POST /rest/$directory/login", "POST /rest/$upload"]);
    expect(sent[4]?.headers.get("cookie")).not.toBe(firstCookie);
  });

  it("logs in again after the session expired for a JSON update too", async () => {
    // The session expires between the $upload and the $method=update of one upload() call.
    let expireBeforeUpdate = true;
    const recorder = recordingFetch();
    const { client } = testClient({
      fetch: (request) => {
        if (expireBeforeUpdate && request.url.includes("$method=update")) {
          expireBeforeUpdate = false;
          clock += 61 * 60_000;
        }
        return recorder.fetch(request);
      },
    });
    const before = await client.get({ dataClass: "Employee", key: 2 });
    const saved = await client.upload({ dataClass: "Employee", key: 2, attribute: "photo" }, new Blob([PNG]), {
      contentType: "image/png",
      stamp: before.__STAMP,
      // 4D keeps uploads by ID, not by session: the ID outlives the session it was sent in.
      uploadTimeout: 3 * 60 * 60,
    });
    expect(saved).toMatchObject({ __KEY: "2", __STAMP: before.__STAMP + 1 });
    const updates = recorder.sent.filter((request) => request.url.includes("$method=update"));
    expect(paths(recorder.sent)).toEqual([
      "POST /rest/$directory/login",
      "GET /rest/Employee(2)",
      "POST /rest/$upload",
      "POST /rest/Employee",
      "POST /rest/$directory/login",
      "POST /rest/Employee",
    ]);
    // The JSON body is sent again whole, with the new session's cookie.
    expect(await updates[1]?.body()).toEqual(await updates[0]?.body());
    expect(updates[1]?.headers.get("cookie")).not.toBe(updates[0]?.headers.get("cookie"));
    const picture = await client.download({ dataClass: "Employee", key: 2, attribute: "photo" });
    expect(await picture?.bytes()).toEqual(PNG);
  });

  it("the raw client logs in again after the session expired and sends its JSON body once more", async () => {
    const { client, sent } = testClient();
    // The upload is kept for two hours ($timeout), so only the session expires.
    const id = await client.uploadFile(new Blob([PNG], { type: "image/png" }), { uploadTimeout: 7200 });
    const { __STAMP } = await client.get({ dataClass: "Employee", key: 2 });
    clock += 61 * 60_000;
    const saved = await client.raw.POST("/rest/{dataClass}", {
      params: { path: { dataClass: "Employee" }, query: { $method: "update" } },
      body: { __KEY: "2", __STAMP, photo: { ID: id } },
    });
    expect(saved.response.status).toBe(200);
    expect(saved.data).toMatchObject({ __KEY: "2", __STAMP: __STAMP + 1 });
    const updates = sent.filter((request) => request.url.includes("$method=update"));
    expect(updates).toHaveLength(2);
    expect(await updates[1]?.body()).toEqual(await updates[0]?.body());
    expect(paths(sent).filter((path) => path.endsWith("/login"))).toHaveLength(2);
  });

  it("logout closes the session; the next call logs in again", async () => {
    const { client, sent } = testClient();
    await client.login();
    expect(await client.logout()).toBe(true);
    expect(sent[1]?.headers.get("cookie")).toMatch(/^4DSID_App=/);
    expect(await client.logout()).toBe(false);
    await client.get({ dataClass: "User", key: 1 });
    expect(paths(sent)).toEqual([
      "POST /rest/$directory/login",
      "GET /rest/$directory/logout",
      "GET /rest/$directory/logout",
      "POST /rest/$directory/login",
      "GET /rest/User(1)",
    ]);
  });

  it("a user who may only read gets the entity's 1558 as an ApiError, and the picture stays", async () => {
    const { client } = testClient({ auth: READER });
    const error = await caught(() =>
      client.upload({ dataClass: "Employee", key: 1, attribute: "photo" }, new Blob([JPEG], { type: "image/jpeg" })),
    );
    expect(error).toBeInstanceOf(ApiError);
    // 4D answers a refused save with 200: the errCode, not the status, says it is a permission error.
    expect(error).toMatchObject({ status: 200, code: "1558", kind: "forbidden", api: "fourd" });
    const picture = await client.download({ dataClass: "Employee", key: 1, attribute: "photo" });
    expect(await picture?.bytes()).toEqual(PNG);
  });

  it("never follows a login's redirect to another origin, and drops the cookie on a call's", async () => {
    const refused = testClient({
      fetch: async (request) => {
        if (!request.url.startsWith(BASE_URL)) {
          throw new Error(`left the origin: ${request.url}`);
        }
        return new Response(null, { status: 307, headers: { Location: "https://elsewhere.example/rest/login" } });
      },
    });
    expect(await caught(() => refused.client.login())).toMatchObject({
      name: "InvalidResponseError",
      code: "CROSS_ORIGIN_REDIRECT",
      kind: "invalid_response",
    });

    const seen: { url: string; cookie: string | null }[] = [];
    const { client } = testClient({
      fetch: async (request) => {
        seen.push({ url: request.url, cookie: request.headers.get("cookie") });
        if (request.url.startsWith("https://mirror.example/")) {
          return Response.json({ __KEY: "5", __STAMP: 4 });
        }
        return request.url.endsWith("/rest/User(5)")
          ? new Response(null, { status: 302, headers: { Location: "https://mirror.example/rest/User(5)" } })
          : globalThis.fetch(request);
      },
    });
    expect(await client.get({ dataClass: "User", key: 5 })).toMatchObject({ __KEY: "5" });
    expect(seen.map(({ url }) => url)).toEqual([
      `${BASE_URL}/rest/$directory/login`,
      `${BASE_URL}/rest/User(5)`,
      "https://mirror.example/rest/User(5)",
    ]);
    expect(seen[1]?.cookie).toMatch(/^4DSID_App=/);
    expect(seen[2]?.cookie).toBeNull();
  });

  it("never prints the session cookie or the password, even when the server echoes them", async () => {
    let sessionId = "";
    const { client } = testClient({
      fetch: async (request) => {
        if (request.url.endsWith("/login")) {
          return globalThis.fetch(request);
        }
        const cookie = request.headers.get("cookie") ?? "";
        sessionId = cookie.split("=")[1] ?? "";
        const message = `No entity for session ${cookie} (password admin)`;
        return Response.json({ __ERROR: [{ message, componentSignature: "dbmg", errCode: 1542 }] }, { status: 404 });
      },
    });
    const error = await caught(() => client.get({ dataClass: "User", key: 5 }));
    expect(sessionId).toMatch(/^[0-9A-F]{32}$/);
    expect(error).toMatchObject({ status: 404, code: "1542", kind: "not_found" });
    const serialised = [
      String(error),
      (error as Error).stack,
      JSON.stringify(error),
      JSON.stringify((error as ApiError).body),
    ];
    for (const text of serialised) {
      expect(text).not.toContain(sessionId);
      expect(text).not.toContain("password admin");
    }
  });
});
