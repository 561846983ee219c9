import { describe, expect, it } from "vitest";
import { basicAuth, bearerAuth, encodeBase64Utf8, renewingAuth } from "../../src/core/auth.ts";
import { createRedactor } from "../../src/core/redact.ts";
import { caught } from "../support/bytes.ts";

const signal = new AbortController().signal;

async function authorized(strategy: { authorize(headers: Headers, signal: AbortSignal): unknown }, init?: HeadersInit) {
  const headers = new Headers(init);
  await strategy.authorize(headers, signal);
  return headers.get("authorization");
}

describe("basicAuth", () => {
  it("sends the UTF-8 bytes of user:password in base64 (RFC 7617 charset=UTF-8)", async () => {
    const header = await authorized(basicAuth("t100/jürgen", "pässwort", createRedactor()));
    expect(header).toBe(`Basic ${Buffer.from("t100/jürgen:pässwort", "utf8").toString("base64")}`);
  });

  it("leaves an Authorization header the caller set alone", async () => {
    expect(await authorized(basicAuth("u", "p", createRedactor()), { Authorization: "Bearer mine" })).toBe(
      "Bearer mine",
    );
  });

  it("registers the password and the encoded credentials once, when created", () => {
    const redactor = createRedactor();
    basicAuth("admin", "hunter2", redactor);
    expect(redactor.redact("hunter2 and YWRtaW46aHVudGVyMg==")).toBe("[REDACTED] and [REDACTED]");
  });

  it("encodeBase64Utf8 handles inputs longer than one chunk", () => {
    const text = "é".repeat(70_000);
    expect(encodeBase64Utf8(text)).toBe(Buffer.from(text, "utf8").toString("base64"));
  });
});

describe("bearerAuth", () => {
  it("sends a fixed token, registered when created", async () => {
    const redactor = createRedactor();
    const strategy = bearerAuth("fixed-token-123", redactor);
    expect(redactor.redact("fixed-token-123")).toBe("[REDACTED]");
    expect(await authorized(strategy)).toBe("Bearer fixed-token-123");
  });

  it("asks a function for the current token on every request, registering each new one", async () => {
    const redactor = createRedactor();
    const tokens = ["first-token-1", "second-token-2"];
    let index = 0;
    const strategy = bearerAuth(async () => tokens[index++ % 2] ?? "", redactor);
    expect(await authorized(strategy)).toBe("Bearer first-token-1");
    expect(await authorized(strategy)).toBe("Bearer second-token-2");
    expect(redactor.redact("first-token-1 second-token-2")).toBe("[REDACTED] [REDACTED]");
  });
});

describe("renewingAuth", () => {
  function counting(options: { expiresIn?: number; fail?: number; delayMs?: number } = {}) {
    let obtained = 0;
    let failures = options.fail ?? 0;
    const obtain = async () => {
      obtained++;
      if (options.delayMs !== undefined) {
        await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      }
      if (failures > 0) {
        failures--;
        throw new Error("authenticate failed");
      }
      return { value: `token-${obtained}`, expiresIn: options.expiresIn };
    };
    return { obtain, count: () => obtained };
  }

  const apply = (headers: Headers, token: string) => headers.set("Authorization", `Bearer ${token}`);

  it("obtains one credential for concurrent requests and keeps it", async () => {
    const source = counting({ delayMs: 10 });
    const strategy = renewingAuth({ obtain: source.obtain, apply, redactor: createRedactor() });
    expect(strategy.held).toBe(false);
    const headers = await Promise.all([authorized(strategy), authorized(strategy), authorized(strategy)]);
    expect(headers).toEqual(["Bearer token-1", "Bearer token-1", "Bearer token-1"]);
    expect(await authorized(strategy)).toBe("Bearer token-1");
    expect(source.count()).toBe(1);
    expect(strategy.held).toBe(true);
    expect(strategy.peek()).toBe("token-1");
  });

  it("obtains a new one the margin before expiry, the margin capped at half the lifetime", async () => {
    let now = 0;
    const source = counting({ expiresIn: 300 });
    const strategy = renewingAuth({ obtain: source.obtain, apply, redactor: createRedactor(), now: () => now });
    await authorized(strategy);
    now = 269_999;
    expect(await authorized(strategy)).toBe("Bearer token-1");
    now = 270_000;
    expect(await authorized(strategy)).toBe("Bearer token-2");

    const short = counting({ expiresIn: 10 });
    const halfLife = renewingAuth({ obtain: short.obtain, apply, redactor: createRedactor(), now: () => now });
    now = 0;
    await authorized(halfLife);
    now = 4_999;
    expect(await authorized(halfLife)).toBe("Bearer token-1");
    now = 5_000;
    expect(await authorized(halfLife)).toBe("Bearer token-2");
  });

  it("renew drops the credential and obtains a new one; forget drops it until the next request", async () => {
    const source = counting();
    const strategy = renewingAuth({ obtain: source.obtain, apply, redactor: createRedactor() });
    await authorized(strategy);
    expect(await strategy.renew(signal)).toBe(true);
    expect(await authorized(strategy)).toBe("Bearer token-2");
    strategy.forget();
    expect(strategy.held).toBe(false);
    expect(await authorized(strategy)).toBe("Bearer token-3");
  });

  it("a failed attempt fails that request, and the next request tries again", async () => {
    const source = counting({ fail: 1 });
    const strategy = renewingAuth({ obtain: source.obtain, apply, redactor: createRedactor() });
    expect(await caught(() => authorized(strategy))).toMatchObject({ message: "authenticate failed" });
    expect(await authorized(strategy)).toBe("Bearer token-2");
  });

  it("a caller's abort stops its own wait without cancelling the shared request", async () => {
    const source = counting({ delayMs: 30 });
    const strategy = renewingAuth({ obtain: source.obtain, apply, redactor: createRedactor() });
    const controller = new AbortController();
    const waiting = caught(() => strategy.authorize(new Headers(), controller.signal) as Promise<void>);
    const other = authorized(strategy);
    controller.abort(new Error("left"));
    expect(await waiting).toMatchObject({ name: "AbortError", kind: "aborted" });
    expect(await other).toBe("Bearer token-1");
    expect(source.count()).toBe(1);
  });
});
