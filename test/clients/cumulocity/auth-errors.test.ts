import { ApiError, createCumulocityClient, isCumulocityErrorBody } from "bytewire/cumulocity";
import { createCumulocityMock, namedExampleBytes } from "bytewire/mocks";
import { describe, expect, it } from "vitest";
import { useMockedApis } from "../../support/msw.ts";
import { BASE_URL, caught, collect, logRecorder, READER, serverError, testClient } from "./harness.ts";

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
    expect(await collect(client.list())).toHaveLength(2);
    // The user name is `<tenant>/<user>`; only the first `:` separates it from the password.
    const expected = Buffer.from("t100/jürgen:pässwörd:with:colons", "utf8").toString("base64");
    expect(sent[0]?.headers.get("authorization")).toBe(`Basic ${expected}`);
  });

  it("leaves the tenant out when none is given: accepted on the tenant's own domain, refused elsewhere", async () => {
    const onTenantDomain = testClient({ auth: { type: "basic", user: "admin", password: "admin" } });
    await collect(onTenantDomain.client.list());
    expect(onTenantDomain.sent[0]?.headers.get("authorization")).toBe(`Basic ${btoa("admin:admin")}`);

    const elsewhere = testClient({
      baseUrl: "https://c8y.example.com",
      auth: { type: "basic", user: "admin", password: "admin" },
    });
    await expect(collect(elsewhere.client.list())).rejects.toMatchObject({
      status: 401,
      kind: "unauthorized",
      code: "security/Unauthorized",
    });
  });

  it("sends a bearer token, or the current one from a function on every request", async () => {
    const fixed = testClient({ auth: { type: "bearer", token: "reader-token" } });
    await collect(fixed.client.list());
    expect(fixed.sent[0]?.headers.get("authorization")).toBe("Bearer reader-token");

    const tokens = ["reader-token", "admin-token"];
    let calls = 0;
    const rotating = testClient({ auth: { type: "bearer", token: () => tokens[calls++] ?? "none" } });
    await collect(rotating.client.list());
    const binary = await rotating.client.upload(new Blob(["x"]), { name: "x.txt" });
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
      kind: "unauthorized",
      code: "security/Unauthorized",
      body: { error: "security/Unauthorized", message: "Invalid credentials! : Bad credentials" },
    });
    const everything = `${(error as Error).message} ${JSON.stringify(error)} ${String((error as Error).stack)}`;
    expect(everything).not.toContain(password);
    expect(everything).not.toContain(btoa(`t100/admin:${password}`));

    const bearer = testClient({ auth: { type: "bearer", token: "stolen-token-123" } });
    const tokenError = await caught(() => collect(bearer.client.list()));
    expect(`${(tokenError as Error).message} ${JSON.stringify(tokenError)}`).not.toContain("stolen-token-123");
  });

  it("without auth no Authorization header goes out and the mock answers 401 (Full authentication...)", async () => {
    const { client, sent } = testClient({ auth: undefined });
    const error = await caught(() => collect(client.list()));
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
  /** A client whose every request is answered with `status` and `body` (JSON unless it is a string). */
  function answering(status: number, body: unknown, headers: Record<string, string> = {}) {
    return testClient({ maxRetries: 0 }, () =>
      typeof body === "string"
        ? new Response(body, { status, headers: { "content-type": "text/html", ...headers } })
        : Response.json(body, {
            status,
            headers: { "content-type": "application/vnd.com.nsn.cumulocity.error+json", ...headers },
          }),
    );
  }

  it("reads Cumulocity's error and message into code and the message; other bodies add nothing", async () => {
    const described = await caught(() =>
      answering(404, { error: "inventory/Not Found", message: "gone", info: "https://x" }).client.download("5"),
    );
    expect(described).toMatchObject({ status: 404, kind: "not_found", code: "inventory/Not Found" });
    expect((described as Error).message).toBe(
      `cumulocity GET ${BASE_URL}/inventory/binaries/5: 404 Not Found (inventory/Not Found: gone)`,
    );
    expect(isCumulocityErrorBody((described as ApiError).body)).toBe(true);

    const html = await caught(() => answering(502, "<html>502 Bad Gateway</html>").client.download("5"));
    expect(html).toMatchObject({ status: 502, kind: "server", code: undefined, body: "<html>502 Bad Gateway</html>" });
    expect((html as Error).message).toBe(`cumulocity GET ${BASE_URL}/inventory/binaries/5: 502 Bad Gateway`);
    expect(isCumulocityErrorBody((html as ApiError).body)).toBe(false);

    const odd = await caught(() => answering(400, { error: 42, message: "" }).client.download("5"));
    expect(odd).toMatchObject({ status: 400, kind: "invalid_request", code: undefined });
    expect((odd as Error).message).toBe(`cumulocity GET ${BASE_URL}/inventory/binaries/5: 400 Bad Request`);

    expect(isCumulocityErrorBody({ error: "a/b", message: "m", info: "i" })).toBe(true);
    expect(isCumulocityErrorBody({ code: "a/b" })).toBe(false);
  });

  it("gives every failure a kind: not_found, forbidden, too_large, unauthorized, invalid_request, unavailable", async () => {
    const { client } = testClient();
    await expect(client.download("999")).rejects.toMatchObject({ status: 404, kind: "not_found" });
    await expect(client.delete("999")).rejects.toMatchObject({ status: 404, kind: "not_found" });
    await expect(client.replace("999", new Uint8Array([1]))).rejects.toMatchObject({ status: 404, kind: "not_found" });
    await expect(client.download("1", { range: { start: 1_000_000 } })).rejects.toMatchObject({
      status: 416,
      kind: "invalid_request",
    });

    const reader = testClient({ auth: READER }).client;
    for (const refused of [
      () => reader.upload(new Blob(["x"]), { name: "x.txt" }),
      () => reader.replace("1", new Uint8Array([1])),
      () => reader.delete("1"),
    ]) {
      await expect(refused()).rejects.toMatchObject({ status: 403, kind: "forbidden", code: "security/Forbidden" });
    }

    const wrong = testClient({ auth: { type: "basic", tenant: "t100", user: "admin", password: "nope" } }).client;
    await expect(wrong.download("1")).rejects.toMatchObject({ status: 401, kind: "unauthorized" });

    const tooLarge = answering(413, { error: "binaries/tooLarge", message: "The file exceeds the limit" });
    await expect(tooLarge.client.upload(new Blob(["x"]), { name: "x.txt" })).rejects.toMatchObject({
      status: 413,
      kind: "too_large",
      code: "binaries/tooLarge",
    });
    const down = answering(503, { error: "general/serviceUnavailable", message: "later" });
    await expect(down.client.download("1")).rejects.toMatchObject({ status: 503, kind: "unavailable" });
  });

  it("keeps a request id from X-Request-Id and a non-JSON body of an ingress as text", async () => {
    const { client } = answering(413, "<html><body>413 Request Entity Too Large</body></html>", {
      "x-request-id": "req-7f3a",
    });
    const error = await caught(() => client.upload(new Blob(["x"]), { name: "x.txt" }));
    expect(error).toMatchObject({
      name: "ApiError",
      status: 413,
      kind: "too_large",
      code: undefined,
      requestId: "req-7f3a",
      body: "<html><body>413 Request Entity Too Large</body></html>",
    });
    expect((error as Error).message).toBe(`cumulocity POST ${BASE_URL}/inventory/binaries: 413 Content Too Large`);
  });

  it("retries a list page after a 503 with the wait Retry-After asked for, and reports retryAfter when it gives up", async () => {
    let failures = 1;
    const log = logRecorder();
    const retried = testClient({ logger: log.logger }, () =>
      failures-- > 0 ? serverError(503, { "retry-after": "0" }) : undefined,
    );
    expect(await collect(retried.client.list())).toHaveLength(2);
    expect(retried.sent.map((request) => request.method)).toEqual(["GET", "GET"]);
    expect(log.waits()).toEqual([0]);
    expect(log.entries.map((entry) => [entry.attempt, entry.status])).toEqual([
      [1, 503],
      [2, 200],
    ]);

    const down = testClient({ maxRetries: 0 }, () => serverError(503, { "retry-after": "120" }));
    await expect(collect(down.client.list())).rejects.toMatchObject({
      status: 503,
      kind: "unavailable",
      retryAfter: 120,
    });
  });

  it("returns a 503 asking for more than 60 s at once, with retryAfter, instead of waiting", async () => {
    const log = logRecorder();
    const { client, sent } = testClient({ logger: log.logger }, () => serverError(503, { "retry-after": "120" }));
    await expect(client.download("1")).rejects.toMatchObject({ status: 503, retryAfter: 120 });
    expect(sent).toHaveLength(1);
    expect(log.waits()).toEqual([]);
  });

  it("backs off without Retry-After: 0.5 s then 1 s, less up to a quarter of jitter", async () => {
    const log = logRecorder();
    let failures = 2;
    const { client, sent } = testClient({ logger: log.logger }, () => (failures-- > 0 ? serverError(502) : undefined));
    expect(await (await client.download("1")).bytes()).toEqual(namedExampleBytes("cumulocity-my-picture-png"));
    expect(sent).toHaveLength(3);
    const [first, second] = log.waits();
    expect(first).toBeGreaterThanOrEqual(375);
    expect(first).toBeLessThanOrEqual(500);
    expect(second).toBeGreaterThanOrEqual(750);
    expect(second).toBeLessThanOrEqual(1000);
  });

  it("writes the byte range in the three RFC 9110 forms, and refuses an end before the start", async () => {
    const { client, sent } = testClient();
    await (await client.download("1", { range: { start: 0, end: 63 } })).bytes();
    await (await client.download("1", { range: { start: 64 } })).bytes();
    await (await client.download("1", { range: { suffix: 16 } })).bytes();
    expect(sent.map((request) => request.headers.get("range"))).toEqual(["bytes=0-63", "bytes=64-", "bytes=-16"]);
    const error = await caught(() => client.download("1", { range: { start: 5, end: 4 } }));
    expect(error).toMatchObject({ name: "InvalidInputError", code: "INVALID_RANGE", kind: "invalid_input" });
    expect((error as Error).message).toMatch(/at or after `start` \(5\)/);
    expect(sent).toHaveLength(3);
  });
});
