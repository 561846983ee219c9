import { describe, expect, it } from "vitest";
import {
  createRedactor,
  isSensitiveHeader,
  REDACTED,
  redactCredentialPatterns,
  redactErrorChain,
  redactHeaders,
  redactUrl,
  registerHeaderSecrets,
  registerUrlSecrets,
} from "../../src/core/redact.ts";

describe("redactHeaders", () => {
  it("replaces credential headers, keeps the others, lower-cases names", () => {
    const result = redactHeaders({
      Authorization: "Basic dXNlcjpwYXNz",
      "Proxy-Authorization": "Bearer abc.def.ghi",
      Cookie: "WASID4D=1234567890",
      "X-API-Key": "k-123",
      "X-XSRF-TOKEN": "xsrf",
      "password-4D": "hunter2",
      "username-4D": "admin",
      "hashed-password-4D": "digest",
      "X-Cumulocity-Application-Key": "app",
      "X-Auth-Token": "t",
      "Client-Secret": "s",
      Accept: "application/json",
      "X-ForgeRock-TransactionId": "tx-1",
    });
    expect(result).toEqual({
      authorization: REDACTED,
      "proxy-authorization": REDACTED,
      cookie: REDACTED,
      "x-api-key": REDACTED,
      "x-xsrf-token": REDACTED,
      "password-4d": REDACTED,
      "username-4d": REDACTED,
      "hashed-password-4d": REDACTED,
      "x-cumulocity-application-key": REDACTED,
      "x-auth-token": REDACTED,
      "client-secret": REDACTED,
      accept: "application/json",
      "x-forgerock-transactionid": "tx-1",
    });
  });

  it("redacts Set-Cookie of a response and registered secrets inside other values", () => {
    const redactor = createRedactor();
    redactor.add("s3cr3t-value");
    const headers = new Headers({ "Set-Cookie": "4DSID_app=abcdef0123456789", "X-Debug": "echo s3cr3t-value" });
    expect(redactHeaders(headers, redactor)).toEqual({ "set-cookie": REDACTED, "x-debug": `echo ${REDACTED}` });
  });

  it("does not treat WWW-Authenticate as a credential (it is a challenge, useful for 401s)", () => {
    expect(isSensitiveHeader("WWW-Authenticate")).toBe(false);
  });
});

describe("redactUrl", () => {
  it.each([
    [
      "https://admin:pw@h.example/rest?$filter=x&access_token=abc",
      "https://h.example/rest?$filter=x&access_token=[REDACTED]",
    ],
    ["https://h.example/a?password=p%40ss&pageSize=5", "https://h.example/a?password=[REDACTED]&pageSize=5"],
    [
      "https://h.example/tenant/oauth?grant_type=authorization_code&code=xyz",
      "https://h.example/tenant/oauth?grant_type=authorization_code&code=[REDACTED]",
    ],
    [
      "https://h.example/a?api_key=1&key=2&X-Amz-Signature=3&sig=4",
      "https://h.example/a?api_key=[REDACTED]&key=[REDACTED]&X-Amz-Signature=[REDACTED]&sig=[REDACTED]",
    ],
    ["https://h.example/cb#access_token=abc&state=1", "https://h.example/cb#access_token=[REDACTED]&state=1"],
    [
      "https://h.example/hdap/dc=com/dc=example/ou=People/uid=bjensen?_fields=photo",
      "https://h.example/hdap/dc=com/dc=example/ou=People/uid=bjensen?_fields=photo",
    ],
    ["https://h.example/rest/$catalog/$directory/login", "https://h.example/rest/$catalog/$directory/login"],
  ])("%s", (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });

  it("keeps the original encoding of the parts it does not touch", () => {
    expect(redactUrl("https://h.example/rest/Employee?$filter=%22name%3D%27a%26b%27%22&token=t")).toBe(
      "https://h.example/rest/Employee?$filter=%22name%3D%27a%26b%27%22&token=[REDACTED]",
    );
  });

  it("falls back to text patterns for something that is not a URL", () => {
    expect(redactUrl("/relative?token=abc")).toBe("/relative?token=[REDACTED]");
  });
});

describe("redactCredentialPatterns", () => {
  it("removes auth header values, URL userinfo and credential parameters from prose", () => {
    const text =
      "sent Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig to https://bob:pw@h.example/x?password=1&x=2 with Basic YWRtaW46cGFzcw==";
    expect(redactCredentialPatterns(text)).toBe(
      "sent Authorization: Bearer [REDACTED] to https://h.example/x?password=[REDACTED]&x=2 with Basic [REDACTED]",
    );
  });

  it("leaves prose such as 'Basic authentication failed' readable", () => {
    expect(redactCredentialPatterns("Basic authentication failed")).toBe("Basic authentication failed");
  });
});

describe("createRedactor", () => {
  it("replaces registered secrets in their plain, URL-encoded and JSON-escaped forms", () => {
    const redactor = createRedactor();
    redactor.add('p@ss w"rd');
    expect(redactor.redact('a p@ss w"rd b p%40ss%20w%22rd c p@ss w\\"rd')).toBe(
      `a ${REDACTED} b ${REDACTED} c ${REDACTED}`,
    );
  });

  it("replaces a longer secret whole even when a shorter one is inside it", () => {
    const redactor = createRedactor();
    redactor.add("abc");
    redactor.add("xxabcxx");
    expect(redactor.redact("1 xxabcxx 2 abc")).toBe(`1 ${REDACTED} 2 ${REDACTED}`);
  });

  it("ignores an empty secret", () => {
    const redactor = createRedactor();
    redactor.add("");
    expect(redactor.redact("unchanged")).toBe("unchanged");
  });

  it("forgets the least recently added secret beyond maxSecrets, and re-adding refreshes one", () => {
    const redactor = createRedactor({ maxSecrets: 2 });
    redactor.add("first-secret");
    redactor.add("second-secret");
    redactor.add("first-secret");
    redactor.add("third-secret");
    expect(redactor.redact("first-secret second-secret third-secret")).toBe(`${REDACTED} second-secret ${REDACTED}`);
  });

  it("redacts every string of a parsed JSON value without touching the original", () => {
    const redactor = createRedactor();
    redactor.add("hunter2");
    const body = { message: "bad password hunter2", detail: [{ value: "hunter2" }, 42, null], ok: true };
    expect(redactor.redactValue(body)).toEqual({
      message: `bad password ${REDACTED}`,
      detail: [{ value: REDACTED }, 42, null],
      ok: true,
    });
    expect(body.message).toBe("bad password hunter2");
  });
});

describe("registerHeaderSecrets and registerUrlSecrets", () => {
  it("learn credential headers, the password inside Basic, long cookie values and credential query values", () => {
    const redactor = createRedactor();
    const basic = Buffer.from("jürgen:pässwörd-1", "utf8").toString("base64");
    registerHeaderSecrets(redactor, {
      Authorization: `Basic ${basic}`,
      "password-4D": "4d-pass",
      Cookie: "lang=en; WASID4D=0123456789abcdef",
      "X-Trace": "visible",
    });
    registerUrlSecrets(redactor, "https://h.example/a?access_token=qtok-1&x=visible");
    registerUrlSecrets(redactor, "https://h.example/a?x=also-visible");
    expect(redactor.redact(`pässwörd-1 ${basic} 4d-pass 0123456789abcdef qtok-1 visible en`)).toBe(
      `${REDACTED} ${REDACTED} ${REDACTED} ${REDACTED} ${REDACTED} visible en`,
    );
  });
});

describe("redactErrorChain", () => {
  it("scrubs message and stack of an error and its causes in place", () => {
    const redactor = createRedactor();
    redactor.add("tok-123456");
    const inner = new Error("connect to https://h.example/?token=tok-123456 failed");
    const outer = new TypeError("request with tok-123456 failed", { cause: inner });
    redactErrorChain(outer, redactor);
    expect(outer.message).toBe(`request with ${REDACTED} failed`);
    expect(outer.stack).not.toContain("tok-123456");
    expect(inner.message).toBe(`connect to https://h.example/?token=${REDACTED} failed`);
    expect(outer.cause).toBe(inner);
  });
});
