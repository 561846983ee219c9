import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { basicAuth, bearerAuth, encodeBase64Utf8, type TokenGrant, tokenAuth } from "../../src/core/auth.ts";
import { createRedactor } from "../../src/core/redact.ts";
import { createTransport, type FetchFunction } from "../../src/core/transport.ts";

interface Paths {
  "/items": {
    get: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      responses: { 200: { content: { "application/json": { n: number } } } };
    };
    put: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      requestBody: { content: { "application/json": { name: string }; "application/octet-stream": Blob } };
      responses: { 200: { content: { "application/json": { n: number } } } };
    };
  };
}

/** A server stub: answers 401 unless the bearer token is in `valid`, records every request's auth and body. */
function tokenServer(valid: Set<string>) {
  const seen: { auth: string | null; body: string }[] = [];
  const fetch: FetchFunction = async (request) => {
    const auth = request.headers.get("authorization");
    seen.push({ auth, body: request.body ? await request.text() : "" });
    const token = auth?.replace(/^Bearer /, "");
    return token !== undefined && valid.has(token)
      ? Response.json({ n: seen.length })
      : Response.json({ message: "expired" }, { status: 401 });
  };
  return { fetch, seen };
}

function clientWith(fetch: FetchFunction, middleware: Parameters<ReturnType<typeof createClient>["use"]>[0]) {
  const client = createClient<Paths>({
    baseUrl: "https://api.example",
    fetch: createTransport({ api: "hdap", fetch }),
  });
  client.use(middleware);
  return client;
}

describe("basicAuth", () => {
  it("sends the UTF-8 bytes of user:password in base64 (RFC 7617 charset=UTF-8)", async () => {
    const { fetch, seen } = tokenServer(new Set());
    const client = clientWith(fetch, basicAuth("Jürgen", "pässwörd€"));
    await client.GET("/items");
    const header = seen[0]?.auth ?? "";
    expect(header).toBe(`Basic ${Buffer.from("Jürgen:pässwörd€", "utf8").toString("base64")}`);
    expect([...Buffer.from(header.slice(6), "base64")]).toEqual([...new TextEncoder().encode("Jürgen:pässwörd€")]);
  });

  it("leaves a per-call Authorization header alone", async () => {
    const { fetch, seen } = tokenServer(new Set());
    const client = clientWith(fetch, basicAuth("u", "p"));
    await client.GET("/items", { headers: { Authorization: "Bearer own" } });
    expect(seen[0]?.auth).toBe("Bearer own");
  });

  it("registers the password and the encoded credentials with the redactor", () => {
    const redactor = createRedactor();
    basicAuth("t100/admin", "s3cret!", { redactor });
    const encoded = encodeBase64Utf8("t100/admin:s3cret!");
    expect(redactor.redact(`pw s3cret! cred ${encoded}`)).toBe("pw [REDACTED] cred [REDACTED]");
  });

  it("encodeBase64Utf8 handles inputs longer than one chunk", () => {
    const text = "ä".repeat(70_000);
    expect(encodeBase64Utf8(text)).toBe(Buffer.from(text, "utf8").toString("base64"));
  });
});

describe("bearerAuth", () => {
  it("sends a fixed token or the current value of a function, registering each", async () => {
    const redactor = createRedactor();
    const { fetch, seen } = tokenServer(new Set(["t-1", "t-2"]));
    let current = "t-1";
    const client = clientWith(
      fetch,
      bearerAuth(async () => current, { redactor }),
    );
    await client.GET("/items");
    current = "t-2";
    await client.GET("/items");
    expect(seen.map((s) => s.auth)).toEqual(["Bearer t-1", "Bearer t-2"]);
    expect(redactor.redact("t-1 t-2")).toBe("[REDACTED] [REDACTED]");
    const fixed = tokenServer(new Set(["abc"]));
    await clientWith(fixed.fetch, bearerAuth("abc")).GET("/items");
    expect(fixed.seen[0]?.auth).toBe("Bearer abc");
  });
});

describe("tokenAuth", () => {
  function counter(grants: TokenGrant[]) {
    let calls = 0;
    let release: (() => void) | undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    return {
      get calls() {
        return calls;
      },
      release: () => release?.(),
      getToken: async () => {
        calls++;
        await gate;
        const grant = grants.shift();
        if (!grant) {
          throw new Error("no more tokens");
        }
        return grant;
      },
    };
  }

  it("shares one in-flight token request between concurrent calls", async () => {
    const tokens = counter([{ token: "jwt-1", expiresIn: 299 }]);
    const { fetch, seen } = tokenServer(new Set(["jwt-1"]));
    const client = clientWith(fetch, tokenAuth({ getToken: tokens.getToken }));
    const calls = Promise.all([client.GET("/items"), client.GET("/items"), client.GET("/items")]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    tokens.release();
    const results = await calls;
    expect(tokens.calls).toBe(1);
    expect(results.map((r) => r.response.status)).toEqual([200, 200, 200]);
    expect(seen.every((s) => s.auth === "Bearer jwt-1")).toBe(true);
  });

  it("re-fetches shortly before expiry (margin capped at half the lifetime)", async () => {
    let now = 1_000_000;
    const grants = [
      { token: "a", expiresIn: 300 },
      { token: "b", expiresIn: 20 },
      { token: "c", expiresIn: 20 },
    ];
    let calls = 0;
    const { fetch, seen } = tokenServer(new Set(["a", "b", "c"]));
    const client = clientWith(
      fetch,
      tokenAuth({
        getToken: async () => {
          calls++;
          return grants.shift() ?? { token: "none" };
        },
        now: () => now,
      }),
    );
    await client.GET("/items");
    now += 269_999; // 300 s lifetime − 30 s margin, minus 1 ms
    await client.GET("/items");
    now += 1;
    await client.GET("/items");
    now += 9_999; // "b" lives 20 s: the margin is 10 s, not 30 s
    await client.GET("/items");
    now += 1;
    await client.GET("/items");
    expect(seen.map((s) => s.auth)).toEqual(["Bearer a", "Bearer a", "Bearer b", "Bearer b", "Bearer c"]);
    expect(calls).toBe(3);
  });

  it("uses refresh() for a token that expires, getToken() only the first time", async () => {
    let now = 0;
    const log: string[] = [];
    const { fetch } = tokenServer(new Set(["first", "refreshed"]));
    const client = clientWith(
      fetch,
      tokenAuth({
        getToken: async () => {
          log.push("get");
          return { token: "first", expiresIn: 60 };
        },
        refresh: async (current) => {
          log.push(`refresh ${current.token}`);
          return { token: "refreshed", expiresIn: 60 };
        },
        now: () => now,
      }),
    );
    await client.GET("/items");
    now += 60_000;
    await client.GET("/items");
    expect(log).toEqual(["get", "refresh first"]);
  });

  it("on 401 fetches a new token and sends the request once more, JSON body included", async () => {
    const valid = new Set(["old"]);
    const { fetch, seen } = tokenServer(valid);
    const issued = ["old", "new"];
    const client = clientWith(fetch, tokenAuth({ getToken: async () => ({ token: issued.shift() ?? "none" }) }));
    expect((await client.GET("/items")).response.status).toBe(200);
    valid.clear();
    valid.add("new"); // the server revoked "old"
    const result = await client.PUT("/items", { body: { name: "x" } });
    expect(result.response.status).toBe(200);
    expect(seen.slice(1)).toEqual([
      { auth: "Bearer old", body: '{"name":"x"}' },
      { auth: "Bearer new", body: '{"name":"x"}' },
    ]);
  });

  it("retries a 401 only once", async () => {
    let issued = 0;
    const { fetch, seen } = tokenServer(new Set());
    const client = clientWith(fetch, tokenAuth({ getToken: async () => ({ token: `t${++issued}` }) }));
    const result = await client.GET("/items");
    expect(result.response.status).toBe(401);
    expect(seen.map((s) => s.auth)).toEqual(["Bearer t1", "Bearer t2"]);
  });

  it("concurrent 401s for the same token share one re-authentication", async () => {
    const valid = new Set(["old"]);
    let issued = 0;
    const { fetch } = tokenServer(valid);
    const client = clientWith(
      fetch,
      tokenAuth({
        getToken: async () => {
          issued++;
          await new Promise((resolve) => setTimeout(resolve, 5));
          return { token: issued === 1 ? "old" : "new" };
        },
      }),
    );
    await client.GET("/items");
    valid.clear();
    valid.add("new");
    const results = await Promise.all([client.GET("/items"), client.GET("/items"), client.GET("/items")]);
    expect(results.map((r) => r.response.status)).toEqual([200, 200, 200]);
    expect(issued).toBe(2);
  });

  it("does not resend a binary body after 401", async () => {
    const { fetch, seen } = tokenServer(new Set());
    let issued = 0;
    const client = clientWith(fetch, tokenAuth({ getToken: async () => ({ token: `t${++issued}` }) }));
    const result = await client.PUT("/items", {
      body: new Blob(["bytes"]),
      bodySerializer: (body) => body,
      headers: { "Content-Type": "application/octet-stream" },
    });
    expect(result.response.status).toBe(401);
    expect(seen).toHaveLength(1);
    expect(issued).toBe(1);
  });

  it("skips requests appliesTo rejects, and requests that already carry Authorization", async () => {
    let issued = 0;
    const { fetch, seen } = tokenServer(new Set(["t1", "own"]));
    const client = clientWith(
      fetch,
      tokenAuth({
        getToken: async () => ({ token: `t${++issued}` }),
        appliesTo: (request) => new URL(request.url).searchParams.get("_action") !== "authenticate",
      }),
    );
    await client.GET("/items", { params: { query: { _action: "authenticate" } } } as never);
    await client.GET("/items", { headers: { Authorization: "Bearer own" } });
    expect(seen.map((s) => s.auth)).toEqual([null, "Bearer own"]);
    expect(issued).toBe(0);
  });

  it("a failed token request fails the call and the next call tries again", async () => {
    let attempts = 0;
    const { fetch } = tokenServer(new Set(["ok"]));
    const client = clientWith(
      fetch,
      tokenAuth({
        getToken: async () => {
          attempts++;
          if (attempts === 1) {
            throw new Error("directory down");
          }
          return { token: "ok" };
        },
      }),
    );
    await expect(client.GET("/items")).rejects.toThrow("directory down");
    expect((await client.GET("/items")).response.status).toBe(200);
  });

  it("a caller's abort stops its wait without cancelling the shared token request", async () => {
    const tokens = counter([{ token: "jwt" }]);
    const { fetch } = tokenServer(new Set(["jwt"]));
    const client = clientWith(fetch, tokenAuth({ getToken: tokens.getToken }));
    const controller = new AbortController();
    const aborted = client.GET("/items", { signal: controller.signal });
    const other = client.GET("/items");
    await new Promise((resolve) => setTimeout(resolve, 0));
    controller.abort("bye");
    await expect(aborted).rejects.toMatchObject({ name: "AbortError", cause: "bye" });
    tokens.release();
    expect((await other).response.status).toBe(200);
    expect(tokens.calls).toBe(1);
  });

  it("registers each token with the redactor", async () => {
    const redactor = createRedactor();
    const { fetch } = tokenServer(new Set(["eyJ.secret.jwt"]));
    await clientWith(fetch, tokenAuth({ getToken: async () => ({ token: "eyJ.secret.jwt" }), redactor })).GET("/items");
    expect(redactor.redact("token eyJ.secret.jwt")).toBe("token [REDACTED]");
  });
});
