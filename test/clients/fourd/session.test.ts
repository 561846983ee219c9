import { ApiError, InvalidInputError } from "bytewire/fourd";
import { createFourDMock, namedExampleBytes } from "bytewire/mocks";
import { describe, expect, it } from "vitest";
import { useMockedApis } from "../../support/msw.ts";
import { caught, testClient } from "./harness.ts";

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
    await Promise.all([1, 2, 3].map((key) => client.getEntity({ dataClass: "User", key })));
    expect(paths(sent).filter((path) => path.endsWith("/login"))).toHaveLength(1);
    const login = sent.find((request) => request.url.endsWith("/login"));
    expect(login?.headers.get("username-4D")).toBe("admin");
    expect(login?.headers.get("password-4D")).toBe("admin");
    const cookies = sent.slice(1).map((request) => request.headers.get("cookie"));
    expect(new Set(cookies).size).toBe(1);
    expect(cookies[0]).toMatch(/^4DSID_App=[0-9A-F]{32}$/);
  });

  it("sends session-4D-length when asked", async () => {
    const { client, sent } = testClient({ sessionLength: 90 });
    await client.login();
    expect(sent[0]?.headers.get("session-4D-length")).toBe("90");
  });

  it("reads as a guest without credentials, and refuses login() then", async () => {
    const { client, sent } = testClient({ username: undefined, password: undefined });
    const page = await client.listEntities("User", { top: 2 });
    expect(page.__ENTITIES).toHaveLength(2);
    expect(sent.map((request) => request.headers.get("cookie"))).toEqual([null]);
    const error = await caught(() => client.login());
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).code).toBe("MISSING_CREDENTIALS");
  });

  it("a guest cannot upload: 401 with 4D's __ERROR", async () => {
    const { client } = testClient({ username: undefined, password: undefined });
    const error = await caught(() => client.upload(new Blob([PNG], { type: "image/png" })));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect((error as ApiError).api).toBe("fourd");
    expect(typeof (error as ApiError).code).toBe("string");
  });

  it("turns {result: false} into ApiError LOGIN_REFUSED without quoting the password", async () => {
    const { client } = testClient({ password: "wrong-secret-77" });
    const error = await caught(() => client.getEntity({ dataClass: "User", key: 5 }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "LOGIN_REFUSED", status: 200, api: "fourd" });
    const serialised = [String(error), (error as Error).stack, JSON.stringify(error)].join("\n");
    expect(serialised).not.toContain("wrong-secret-77");
  });

  it("logs in again after the session expired on the server, and sends the upload once more", async () => {
    const { client, sent } = testClient();
    await client.login();
    await client.getEntity({ dataClass: "User", key: 5 });
    const firstCookie = sent[1]?.headers.get("cookie");
    expect(firstCookie).toMatch(/^4DSID_App=/);
    clock += 61 * 60_000;
    const id = await client.upload(new Blob([PNG], { type: "image/png" }));
    expect(id).toMatch(/^[0-9A-F]{32}$/);
    expect(paths(sent).slice(2)).toEqual(["POST /rest/$upload", "POST /rest/$directory/login", "POST /rest/$upload"]);
    expect(sent[4]?.headers.get("cookie")).not.toBe(firstCookie);
  });

  it("logs in again after the session expired for a JSON update too", async () => {
    const { client, sent } = testClient();
    const id = await client.upload(new Blob([PNG], { type: "image/png" }));
    clock += 61 * 60_000;
    const { __STAMP } = await client.getEntity({ dataClass: "Employee", key: 2 });
    const saved = await client.raw.POST("/rest/{dataClass}", {
      params: { path: { dataClass: "Employee" }, query: { $method: "update" } },
      body: { __KEY: "2", __STAMP, photo: { ID: id } },
    });
    // The upload ID belonged to the expired session's time but not to it: 4D keeps uploads by ID.
    expect(saved.response.status).toBe(200);
    expect(paths(sent).filter((path) => path.endsWith("/login"))).toHaveLength(2);
  });

  it("logout closes the session; the next call logs in again", async () => {
    const { client, sent } = testClient();
    await client.login();
    expect(await client.logout()).toBe(true);
    expect(sent[1]?.headers.get("cookie")).toMatch(/^4DSID_App=/);
    expect(await client.logout()).toBe(false);
    await client.getEntity({ dataClass: "User", key: 1 });
    expect(paths(sent)).toEqual([
      "POST /rest/$directory/login",
      "GET /rest/$directory/logout",
      "GET /rest/$directory/logout",
      "POST /rest/$directory/login",
      "GET /rest/User(1)",
    ]);
  });

  it("a user who may only read gets the entity's 1558 as an ApiError, and the picture stays", async () => {
    const { client } = testClient({ username: "reader", password: "reader" });
    const error = await caught(() =>
      client.uploadToAttribute(
        { dataClass: "Employee", key: 1, attribute: "photo" },
        new Blob([JPEG], { type: "image/jpeg" }),
      ),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("1558");
    const picture = await client.downloadAttribute({ dataClass: "Employee", key: 1, attribute: "photo" });
    expect(await picture?.bytes()).toEqual(PNG);
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
    const error = await caught(() => client.getEntity({ dataClass: "User", key: 5 }));
    expect(sessionId).toMatch(/^[0-9A-F]{32}$/);
    expect(error).toMatchObject({ status: 404, code: "1542" });
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
