import { namedExample } from "bytewire/mocks";
import { beforeEach, describe, expect, it } from "vitest";
import { errCodes, Harness, query, REST } from "./harness.ts";

let h: Harness;

beforeEach(() => {
  h = new Harness();
});

describe("4D mock: reading entities", () => {
  it("answers GET /rest/User(5) with the document's example, the picture deferred to its $version URL", async () => {
    const response = await h.get("/User(5)");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(namedExample("fourd-user-entity"));
  });

  it("answers GET /rest/Documents(42) with the document's example, the BLOB deferred to its $binary URL", async () => {
    expect(await (await h.get("/Documents(42)")).json()).toEqual(namedExample("fourd-document-entity"));
  });

  it("reads a key written as a quoted string too", async () => {
    const body = await (await h.get(`/User(${encodeURIComponent('"6"')})`)).json();
    expect(body).toMatchObject({ __KEY: "6", firstName: "Bruno", profilePicture: null });
  });

  it("answers the document's collection example for the HR users sorted by ID", async () => {
    const response = await h.get(`/User?${query({ $filter: `"department='HR'"`, $orderby: '"ID asc"' })}`);
    const { __GlobalStamp: _globalStamp, ...example } = namedExample("fourd-user-collection") as Record<
      string,
      unknown
    >;
    expect(await response.json()).toEqual(example);
  });

  it("pages with $top (or $limit) and $skip; __COUNT counts the whole selection", async () => {
    const page = await (await h.get("/User?$top=2&$skip=1")).json();
    expect(page).toMatchObject({ __entityModel: "User", __COUNT: 6, __SENT: 2, __FIRST: 1 });
    expect(page.__ENTITIES.map((entity: { __KEY: string }) => entity.__KEY)).toEqual(["2", "3"]);
    expect((await (await h.get("/User?$limit=4")).json()).__SENT).toBe(4);
    expect((await (await h.get("/User?$top=1&$limit=5")).json()).__SENT).toBe(1);
    const past = await (await h.get("/User?$skip=10")).json();
    expect(past).toMatchObject({ __COUNT: 6, __SENT: 0, __FIRST: 10, __ENTITIES: [] });
    expect(page.__ENTITIES[0].__entityModel).toBeUndefined();
  });

  it("sends the Default Top Size (100, or the option) without $top", async () => {
    expect((await (await h.get("/User")).json()).__SENT).toBe(6);
    const small = new Harness({ defaultTopSize: 4 });
    expect(await (await small.get("/User")).json()).toMatchObject({ __COUNT: 6, __SENT: 4 });
  });

  it("narrows entities with $attributes and refuses an unknown one with 1500/1804", async () => {
    const entity = await (await h.get("/User(5)?$attributes=firstName,%20lastName")).json();
    expect(entity).toEqual({
      __entityModel: "User",
      __KEY: "5",
      __TIMESTAMP: "2024-05-20T09:30:12.482Z",
      __STAMP: 4,
      firstName: "Ada",
      lastName: "Moreau",
    });
    const list = await (await h.get("/User?$attributes=department&$top=1")).json();
    expect(Object.keys(list.__ENTITIES[0])).toEqual(["__KEY", "__TIMESTAMP", "__STAMP", "department"]);
    for (const path of ["/User(5)?$attributes=firstName,employer.name", "/User?$attributes=avatar"]) {
      const refused = await h.get(path);
      expect(refused.status).toBe(404);
      expect(errCodes(await refused.json())).toEqual([1500, 1804]);
    }
  });

  it("answers an attribute URL without $expand with the entity reduced to that attribute", async () => {
    expect(await (await h.get("/User(5)/profilePicture")).json()).toEqual(namedExample("fourd-user-attribute"));
    expect(await (await h.get("/User(5)/firstName")).json()).toEqual({
      __entityModel: "User",
      __KEY: "5",
      __STAMP: 4,
      firstName: "Ada",
    });
  });

  it("answers an unknown dataclass with 404 errCode 1800; names are case-sensitive", async () => {
    const response = await h.get("/Invoice");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual(namedExample("fourd-error-dataclass-not-found"));
    for (const path of ["/user", "/user(5)", "/user(5)/profilePicture"]) {
      const lower = await h.get(path);
      expect(lower.status).toBe(404);
      expect(errCodes(await lower.json())).toEqual([1800]);
    }
  });

  it("answers an unknown key with 404 errCode 1542 and 4D's message", async () => {
    const response = await h.get("/User(999)");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual(namedExample("fourd-error-entity-not-found"));
    expect((await h.get("/User(999)/profilePicture?$binary=true&$expand=profilePicture")).status).toBe(404);
    expect(errCodes(await (await h.get(`/User(${encodeURIComponent('"abc"')})`)).json())).toEqual([1542]);
  });

  it("answers an unknown attribute with the document's 404 1500/1804 example", async () => {
    const response = await h.get("/User(5)/avatar?$binary=true&$expand=avatar");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual(namedExample("fourd-error-attribute-not-found"));
  });

  it("refuses a key that is neither a number nor in double quotes with 400 errCode 1806", async () => {
    const response = await h.get("/User(abc)");
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(errCodes(body)).toEqual([1806]);
    expect(body.__ERROR[0].componentSignature).toBe("dbmg");
  });

  it("answers a method the path does not have, and a path no operation has, in the __ERROR shape", async () => {
    const deleted = await h.send("/User(5)", { method: "DELETE" });
    expect(deleted.status).toBe(405);
    expect(deleted.headers.get("allow")).toBe("GET");
    expect(errCodes(await deleted.json())).toEqual([1806]);
    const nowhere = await h.get("/User(5)/profilePicture/extra");
    expect(nowhere.status).toBe(404);
    expect(errCodes(await nowhere.json())).toEqual([1800]);
  });

  it("lets guests read by default; with guestsMayRead false they get 401 errCode 1557 and a session reads", async () => {
    const locked = new Harness({ guestsMayRead: false });
    for (const path of ["/User", "/User(5)", "/User(5)/profilePicture?$binary=true&$expand=profilePicture"]) {
      const refused = await locked.get(path);
      expect(refused.status).toBe(401);
      expect(await refused.json()).toEqual({
        __ERROR: [{ message: "No permission to read for dataClass User", componentSignature: "dbmg", errCode: 1557 }],
      });
    }
    const cookie = await locked.login("reader", "reader");
    expect((await locked.get("/User(5)", { cookie })).status).toBe(200);
  });

  it("restores the demo data on reset()", async () => {
    const cookie = await h.login();
    await h.update("User", { __KEY: "6", __STAMP: 1, department: "IT" }, cookie);
    expect((await (await h.get("/User(6)")).json()).department).toBe("IT");
    h.mock.reset();
    expect(await (await h.get("/User(6)")).json()).toMatchObject({ department: "HR", __STAMP: 1 });
    expect((await h.update("User", { __KEY: "6", __STAMP: 1, department: "IT" }, cookie)).status).toBe(401);
  });
});

describe("4D mock: errors of the mock itself", () => {
  it("renders its own failure as a 500 in the __ERROR shape, naming the mock rather than a 4D component", async () => {
    const response = h.mock.renderProblem(
      { status: 500, kind: "internal", message: "The mock server failed to handle this request." },
      { request: new Request(`${REST}/User`), now: () => h.clock },
    );
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      __ERROR: [
        { message: "The mock server failed to handle this request.", componentSignature: "mock", errCode: 500 },
      ],
    });
  });
});
