import { beforeEach, describe, expect, it } from "vitest";
import { ADMIN, BINARIES, basic, ERROR_INFO, essence, Harness, READER, uploadBody, VENDOR_ERROR } from "./harness.ts";

const FILE = new TextEncoder().encode("hello");
const NO_LOGIN = "Full authentication is required to access this resource";
const BAD_LOGIN = "Invalid credentials! : Bad credentials";

let harness = new Harness();

beforeEach(() => {
  harness = new Harness();
});

// One request per operation, with the given headers.
function everyOperation(headers: Record<string, string>): [string, () => Promise<Response>][] {
  const upload = uploadBody({ name: "a.txt", type: "text/plain" }, FILE);
  return [
    ["list", () => harness.list("", headers)],
    [
      "upload",
      () =>
        harness.send(BINARIES, {
          method: "POST",
          body: upload.bytes,
          headers: { ...headers, "content-type": upload.contentType },
        }),
    ],
    ["download", () => harness.download("1", headers)],
    [
      "replace",
      () =>
        harness.send(`${BINARIES}/1`, {
          method: "PUT",
          body: FILE,
          headers: { ...headers, "content-type": "text/plain" },
        }),
    ],
    ["delete", () => harness.remove("1", headers)],
  ];
}

async function expectUnauthorized(response: Response, message: string, what: string): Promise<void> {
  expect(response.status, what).toBe(401);
  expect(essence(response.headers.get("content-type"))).toBe(VENDOR_ERROR);
  expect(await response.json(), what).toEqual({ error: "security/Unauthorized", message, info: ERROR_INFO });
}

describe("Cumulocity mock: authentication", () => {
  it("answers 401 without credentials on every operation, with Cumulocity's message, and changes nothing", async () => {
    for (const [operation, send] of everyOperation({})) {
      await expectUnauthorized(await send(), NO_LOGIN, operation);
    }
    expect(await harness.ids()).toEqual(["1", "2"]);
  });

  it("answers 401 Bad credentials to every wrong login on every operation, never echoing the secret", async () => {
    const wrong = {
      "wrong password": basic("t100/admin", "s3cr3t-guess"),
      "unknown user": basic("t100/nobody", "s3cr3t-guess"),
      "other tenant": basic("t999/admin", "admin"),
      "empty tenant": basic("/admin", "admin"),
      "no colon": { authorization: `Basic ${Buffer.from("t100/admin").toString("base64")}` },
      "not base64": { authorization: "Basic !!s3cr3t-guess!!" },
      "unknown token": { authorization: "Bearer s3cr3t-guess" },
      "Bearer without token": { authorization: "Bearer" },
      "other scheme": { authorization: "Digest username=admin" },
    };
    for (const [what, headers] of Object.entries(wrong)) {
      for (const [operation, send] of everyOperation(headers)) {
        const response = await send();
        const text = await response.clone().text();
        expect(text).not.toContain("s3cr3t-guess");
        await expectUnauthorized(response, BAD_LOGIN, `${what}: ${operation}`);
      }
    }
    expect(await harness.ids()).toEqual(["1", "2"]);
  });

  it("accepts the tenant prefix anywhere, and leaves it out only on the tenant's own domain", async () => {
    const noTenant = basic("admin", "admin");
    const on = (origin: string, headers: Record<string, string>) =>
      harness.send(`${origin}/inventory/binaries`, { headers });
    expect((await on("http://localhost:4010", noTenant)).status).toBe(200);
    expect((await on("http://127.0.0.1:4010", noTenant)).status).toBe(200);
    expect((await on("https://t100.cumulocity.com", noTenant)).status).toBe(200);
    expect((await on("https://t100.eu-latest.cumulocity.com", noTenant)).status).toBe(200);
    await expectUnauthorized(await on("https://t200.cumulocity.com", noTenant), BAD_LOGIN, "another tenant's domain");
    await expectUnauthorized(await on("https://iot.example.com", noTenant), BAD_LOGIN, "a host that names no tenant");
    expect((await on("https://iot.example.com", ADMIN)).status).toBe(200);
  });

  it("takes the tenant, users, tokens and tenant domains from the options", async () => {
    harness = new Harness({
      tenant: "acme",
      users: [{ name: "ops", password: "pw", roles: ["ROLE_BINARY_ADMIN"], tokens: ["ops-token"] }],
      tenantDomains: ["iot.acme.example"],
      demoBinaries: false,
    });
    expect((await (await harness.list("", basic("acme/ops", "pw"))).json()).managedObjects).toEqual([]);
    await expectUnauthorized(await harness.list("", ADMIN), BAD_LOGIN, "the default admin is gone");
    const upload = await harness.upload(uploadBody({ name: "a.txt", type: "text/plain" }, FILE), {
      authorization: "Bearer ops-token",
    });
    expect(upload.status).toBe(201);
    expect(await upload.json()).toMatchObject({ id: "1", owner: "ops" });
    const custom = await harness.send("https://iot.acme.example/inventory/binaries", { headers: basic("ops", "pw") });
    expect(custom.status).toBe(200);
    const localhost = await harness.list("", basic("ops", "pw"));
    await expectUnauthorized(localhost, BAD_LOGIN, "localhost is no longer a tenant domain");
  });

  it("accepts the bearer tokens of both demo users, the scheme in any case", async () => {
    const upload = uploadBody({ name: "a.txt", type: "text/plain" }, FILE);
    const created = await harness.upload(upload, { authorization: "bearer admin-token" });
    expect(created.status).toBe(201);
    expect((await created.json()).owner).toBe("admin");
    expect((await harness.list("", { authorization: "BEARER reader-token" })).status).toBe(200);
    expect((await harness.upload(upload, { authorization: "Bearer reader-token" })).status).toBe(403);
  });

  it("answers 401 as application/json when the client asks only for JSON", async () => {
    const response = await harness.list("", { accept: "application/json" });
    expect(response.status).toBe(401);
    expect(essence(response.headers.get("content-type"))).toBe("application/json");
    expect((await response.json()).message).toBe(NO_LOGIN);
  });
});

describe("Cumulocity mock: roles", () => {
  it("lets the reader list and download but not upload, replace or delete (403 Access is denied)", async () => {
    const results: Record<string, number> = {};
    for (const [operation, send] of everyOperation(READER)) {
      const response = await send();
      results[operation] = response.status;
      if (response.status === 403) {
        expect(await response.json()).toEqual({
          error: "security/Forbidden",
          message: "Access is denied",
          info: ERROR_INFO,
        });
      }
    }
    expect(results).toEqual({ list: 200, upload: 403, download: 200, replace: 403, delete: 403 });
    expect(await harness.ids()).toEqual(["1", "2"]);
    expect(new Uint8Array(await (await harness.download("1")).arrayBuffer()).byteLength).toBe(176);
  });

  it("lets the admin do everything", async () => {
    const results: Record<string, number> = {};
    for (const [operation, send] of everyOperation(ADMIN)) {
      results[operation] = (await send()).status;
    }
    expect(results).toEqual({ list: 200, upload: 201, download: 200, replace: 201, delete: 204 });
  });
});

describe("Cumulocity mock: routing errors", () => {
  it("answers a method the path does not have with 405 and Allow, in Cumulocity's shape", async () => {
    const response = await harness.send(`${BINARIES}/1`, { method: "PATCH", headers: ADMIN });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, PUT, DELETE");
    expect(await response.json()).toMatchObject({ error: "general/methodNotAllowed", info: ERROR_INFO });
  });

  it("answers an unknown inventory path with 404 in Cumulocity's shape", async () => {
    const response = await harness.send(`${BINARIES}/1/content`, { headers: ADMIN });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: "inventory/Not Found", info: ERROR_INFO });
  });
});
