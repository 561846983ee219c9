import {
  ApiError,
  createCumulocityClient,
  cumulocityUserName,
  describeCumulocityError,
  isCumulocityErrorBody,
  rangeHeader,
} from "bytewire/cumulocity";
import { createCumulocityMock } from "bytewire/mocks";
import { describe, expect, it } from "vitest";
import { useMockedApis } from "../../support/msw.ts";
import { BASE_URL, caught, serverError, testClient } from "./harness.ts";

useMockedApis(() => [
  createCumulocityMock({
    users: [
      { name: "admin", password: "admin", roles: ["ROLE_INVENTORY_ADMIN"], tokens: ["admin-token"] },
      { name: "reader", password: "reader", roles: ["ROLE_INVENTORY_READ"], tokens: ["reader-token"] },
      { name: "jürgen", password: "pässwörd:with:colons", roles: ["ROLE_INVENTORY_READ"] },
    ],
  }),
]);

describe("auth", () => {
  it("sends Basic <tenant>/<user>:<password>, UTF-8 encoded", async () => {
    const { client, sent } = testClient({
      auth: { type: "basic", tenant: "t100", user: "jürgen", password: "pässwörd:with:colons" },
    });
    expect((await client.list()).managedObjects).toHaveLength(2);
    const expected = Buffer.from("t100/jürgen:pässwörd:with:colons", "utf8").toString("base64");
    expect(sent[0]?.headers.get("authorization")).toBe(`Basic ${expected}`);
    expect(cumulocityUserName({ type: "basic", tenant: "t100", user: "jürgen", password: "" })).toBe("t100/jürgen");
  });

  it("leaves the tenant out when none is given: accepted on the tenant's own domain, refused elsewhere", async () => {
    const onTenantDomain = testClient({ auth: { type: "basic", user: "admin", password: "admin" } });
    await onTenantDomain.client.list();
    expect(onTenantDomain.sent[0]?.headers.get("authorization")).toBe(`Basic ${btoa("admin:admin")}`);

    const elsewhere = testClient({
      baseUrl: "https://c8y.example.com",
      auth: { type: "basic", user: "admin", password: "admin" },
    });
    await expect(elsewhere.client.list()).rejects.toMatchObject({ status: 401, code: "security/Unauthorized" });
  });

  it("sends a bearer token, or the current one from a function on every request", async () => {
    const fixed = testClient({ auth: { type: "bearer", token: "reader-token" } });
    await fixed.client.list();
    expect(fixed.sent[0]?.headers.get("authorization")).toBe("Bearer reader-token");

    const tokens = ["reader-token", "admin-token"];
    let calls = 0;
    const rotating = testClient({ auth: { type: "bearer", token: () => tokens[calls++] ?? "none" } });
    await rotating.client.list();
    const { binary } = await rotating.client.upload(new Blob(["x"]), { name: "x.txt" });
    expect(binary.owner).toBe("admin");
    expect(rotating.sent.map((request) => request.headers.get("authorization"))).toEqual([
      "Bearer reader-token",
      "Bearer admin-token",
    ]);
  });

  it("a wrong password is ApiError 401 with Cumulocity's code; neither the password nor the header is quoted", async () => {
    const password = "correct-horse-battery-staple";
    const { client } = testClient({ auth: { type: "basic", tenant: "t100", user: "admin", password } });
    const error = await caught(() => client.download("1"));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 401,
      code: "security/Unauthorized",
      body: { error: "security/Unauthorized", message: "Invalid credentials! : Bad credentials" },
    });
    const everything = `${(error as Error).message} ${JSON.stringify(error)} ${String((error as Error).stack)}`;
    expect(everything).not.toContain(password);
    expect(everything).not.toContain(btoa(`t100/admin:${password}`));

    const bearer = testClient({ auth: { type: "bearer", token: "stolen-token-123" } });
    const tokenError = await caught(() => bearer.client.list());
    expect(`${(tokenError as Error).message} ${JSON.stringify(tokenError)}`).not.toContain("stolen-token-123");
  });

  it("without auth no Authorization header goes out and the mock answers 401 (Full authentication...)", async () => {
    const { client, sent } = testClient({ auth: undefined });
    const error = await caught(() => client.list());
    expect(sent[0]?.headers.has("authorization")).toBe(false);
    expect(error).toMatchObject({
      status: 401,
      body: { message: "Full authentication is required to access this resource" },
    });
  });

  it("refuses malformed auth options with a TypeError that never repeats the secret", () => {
    const create = (auth: unknown) => () =>
      createCumulocityClient({ baseUrl: BASE_URL, auth: auth as { type: "bearer"; token: string } });
    expect(create({ type: "basic", tenant: "t100", user: "ad:min", password: "p4ss-secret" })).toThrow(
      /user name without ':'/,
    );
    expect(create({ type: "basic", tenant: "t1/00", user: "admin", password: "p4ss-secret" })).toThrow(TypeError);
    expect(create({ type: "basic", tenant: "t100", user: "admin" })).toThrow(/password/);
    expect(create({ type: "bearer", token: "" })).toThrow(/token/);
    expect(create({ type: "oauth", token: "tok-secret" })).toThrow(/Unknown Cumulocity auth type/);
    try {
      create({ type: "basic", tenant: "t1/00", user: "admin", password: "p4ss-secret" })();
    } catch (error) {
      expect((error as Error).message).not.toContain("p4ss-secret");
    }
    expect(() => createCumulocityClient({ baseUrl: "https://admin:admin@t100.cumulocity.com" })).toThrow(TypeError);
  });
});

describe("errors", () => {
  it("describeCumulocityError reads error and message; other bodies describe nothing", () => {
    expect(describeCumulocityError({ error: "inventory/Not Found", message: "gone", info: "https://x" })).toEqual({
      code: "inventory/Not Found",
      message: "gone",
    });
    expect(describeCumulocityError("<html>502 Bad Gateway</html>")).toEqual({});
    expect(describeCumulocityError({ error: 42, message: "" })).toEqual({ code: undefined, message: undefined });
    expect(isCumulocityErrorBody({ error: "a/b", message: "m", info: "i" })).toBe(true);
    expect(isCumulocityErrorBody({ code: "a/b" })).toBe(false);
  });

  it("keeps a request id from X-Request-Id and a non-JSON body of an ingress as text", async () => {
    const { client } = testClient(
      { maxRetries: 0 },
      () =>
        new Response("<html><body>413 Request Entity Too Large</body></html>", {
          status: 413,
          headers: { "content-type": "text/html", "x-request-id": "req-7f3a" },
        }),
    );
    const error = await caught(() => client.upload(new Blob(["x"]), { name: "x.txt" }));
    expect(error).toMatchObject({
      name: "ApiError",
      status: 413,
      code: undefined,
      requestId: "req-7f3a",
      body: "<html><body>413 Request Entity Too Large</body></html>",
    });
    expect((error as Error).message).toBe(`cumulocity POST ${BASE_URL}/inventory/binaries: 413 Content Too Large`);
  });

  it("retries a list after a 503 and reports retryAfter when it gives up", async () => {
    let failures = 1;
    const retried = testClient({}, () => (failures-- > 0 ? serverError(503, { "retry-after": "0" }) : undefined));
    await retried.client.list();
    expect(retried.sent).toHaveLength(2);
    expect(retried.sent[0]?.method).toBe("GET");

    const down = testClient({ maxRetries: 0 }, () => serverError(503, { "retry-after": "120" }));
    await expect(down.client.list()).rejects.toMatchObject({ status: 503, retryAfter: 120 });
  });

  it("rangeHeader writes the three RFC 9110 forms", () => {
    expect(rangeHeader({ start: 0, end: 63 })).toBe("bytes=0-63");
    expect(rangeHeader({ start: 64 })).toBe("bytes=64-");
    expect(rangeHeader({ suffix: 16 })).toBe("bytes=-16");
    expect(() => rangeHeader({ start: 5, end: 4 })).toThrow(/at or after `start` \(5\)/);
  });
});
