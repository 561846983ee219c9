import { namedExample, namedExampleBytes } from "bytewire/mocks";
import { beforeEach, describe, expect, it } from "vitest";
import { errCodes, Harness } from "./harness.ts";

let h: Harness;

beforeEach(() => {
  h = new Harness();
});

const PDF = namedExampleBytes("fourd-contract-pdf");
const MINUTE = 60_000;

function login(harness: Harness, headers: Record<string, string>): Promise<Response> {
  return harness.send("/$directory/login", { method: "POST", headers });
}

/** Whether the cookie still opens a session: an update needs one. */
async function canUpdate(harness: Harness, cookie: string): Promise<boolean> {
  const stamp = (await (await harness.get("/User(6)")).json()).__STAMP;
  const response = await harness.update("User", { __KEY: "6", __STAMP: stamp, firstName: "Bruno" }, cookie);
  return response.status === 200;
}

describe("4D mock: sessions", () => {
  it("logs in from the username-4D and password-4D headers: {result: true} and an HttpOnly 4DSID_App cookie", async () => {
    const response = await login(h, { "username-4D": "admin", "password-4D": "admin" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(namedExample("fourd-login-succeeded"));
    const [cookie] = response.headers.getSetCookie();
    expect(cookie).toMatch(/^4DSID_App=[0-9A-F]{32}; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  it("answers wrong or missing credentials with 200 {result: false}, no cookie and no echo of the password", async () => {
    for (const headers of [
      { "username-4D": "admin", "password-4D": "wrong-secret" },
      { "username-4D": "Admin", "password-4D": "admin" },
      { "username-4D": "admin" },
      {},
    ]) {
      const response = await login(h, headers);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual(namedExample("fourd-login-failed"));
      expect(text).not.toContain("wrong-secret");
      expect(response.headers.getSetCookie()).toEqual([]);
    }
  });

  it("needs a session to upload and to update: 401 with the document's bodies, also for a forged cookie", async () => {
    for (const headers of [{}, { cookie: "4DSID_App=FORGED0000000000000000000000000000" }, { cookie: "WASID4D=x" }]) {
      const upload = await h.send("/$upload?$binary=true", {
        method: "POST",
        body: PDF,
        headers: { ...headers, "content-type": "application/pdf" },
      });
      expect(upload.status).toBe(401);
      expect(await upload.json()).toEqual(namedExample("fourd-error-upload-no-session"));
      const update = await h.send("/User?$method=update", {
        method: "POST",
        body: JSON.stringify({ __KEY: "5", __STAMP: 4, department: "IT" }),
        headers: { ...headers, "content-type": "application/json" },
      });
      expect(update.status).toBe(401);
      expect(await update.json()).toEqual(namedExample("fourd-error-update-no-session"));
    }
    expect((await (await h.get("/User(5)")).json()).department).toBe("HR");
  });

  it("finds the session cookie among others in the Cookie header", async () => {
    const cookie = await h.login();
    expect(await canUpdate(h, `theme=dark; 4DSID_App=stale; ${cookie}; lang=fr`)).toBe(true);
  });

  it("lets a user without update rights upload, but refuses its saves inline with 1558 then 1517/1534", async () => {
    const cookie = await h.login("reader", "reader");
    const ID = await h.uploadId(PDF, cookie, "application/pdf");
    const refused = await (await h.update("Documents", { __KEY: "42", __STAMP: 3, contract: { ID } }, cookie)).json();
    expect(refused.__ERROR).toEqual([
      { message: "No permission to update for dataClass Documents", componentSignature: "dbmg", errCode: 1558 },
      {
        message: 'The entity# 42 in the "Documents" dataclass cannot be saved',
        componentSignature: "dbmg",
        errCode: 1517,
      },
    ]);
    expect(refused.__STAMP).toBe(3);
    const created = await (await h.update("Documents", { title: "New" }, cookie)).json();
    expect(errCodes(created)).toEqual([1558, 1534]);
    expect((await (await h.get("/Documents")).json()).__COUNT).toBe(2);
    const admin = await h.login();
    expect(
      (await (await h.update("Documents", { __KEY: "42", __STAMP: 3, contract: { ID } }, admin)).json()).__STAMP,
    ).toBe(4);
  });

  it("logs out: {result: true}, the cookie cleared, the session gone; without a session {result: false}", async () => {
    const cookie = await h.login();
    const response = await h.get("/$directory/logout", { cookie });
    expect(await response.json()).toEqual({ result: true });
    expect(response.headers.getSetCookie()).toEqual(["4DSID_App=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"]);
    expect(await canUpdate(h, cookie)).toBe(false);
    const again = await h.get("/$directory/logout", { cookie });
    expect(await again.json()).toEqual({ result: false });
    expect(again.headers.getSetCookie()).toEqual([]);
    expect(await (await h.get("/$directory/logout")).json()).toEqual({ result: false });
  });

  it("ends a session after 60 minutes without a request; each request starts the count again", async () => {
    const cookie = await h.login();
    h.clock += 59 * MINUTE;
    expect(await canUpdate(h, cookie)).toBe(true);
    h.clock += 60 * MINUTE;
    expect(await canUpdate(h, cookie)).toBe(true);
    h.clock += 60 * MINUTE + 1;
    expect(await canUpdate(h, cookie)).toBe(false);
    expect(await (await h.get("/$directory/logout", { cookie })).json()).toEqual({ result: false });
  });

  it("takes the inactivity timeout from session-4D-length and refuses less than 60 minutes", async () => {
    const cookie = await h.login("admin", "admin", { "session-4D-length": "120" });
    h.clock += 119 * MINUTE;
    expect(await canUpdate(h, cookie)).toBe(true);
    h.clock += 121 * MINUTE;
    expect(await canUpdate(h, cookie)).toBe(false);
    const short = await login(h, { "username-4D": "admin", "password-4D": "admin", "session-4D-length": "30" });
    expect(short.status).toBe(400);
    expect(errCodes(await short.json())).toEqual([1806]);
    expect(short.headers.getSetCookie()).toEqual([]);
  });

  it("answers 402 errCode 1807 when maxSessions are open; logout and expiry free a slot", async () => {
    const small = new Harness({ maxSessions: 2 });
    const first = await small.login();
    await small.login("reader", "reader");
    const full = await login(small, { "username-4D": "admin", "password-4D": "admin" });
    expect(full.status).toBe(402);
    expect(await full.json()).toEqual(namedExample("fourd-error-too-many-sessions"));
    expect(full.headers.getSetCookie()).toEqual([]);
    await small.get("/$directory/logout", { cookie: first });
    const third = await small.login();
    small.clock += 61 * MINUTE;
    expect(await canUpdate(small, third)).toBe(false);
    await small.login();
    await small.login();
    expect((await login(small, { "username-4D": "admin", "password-4D": "admin" })).status).toBe(402);
  });

  it("gives a new session ID at each login and closes the caller's old one, without taking another slot", async () => {
    const single = new Harness({ maxSessions: 1 });
    const before = await single.login();
    const after = await single.login("admin", "admin", { cookie: before });
    expect(after).not.toBe(before);
    expect(await canUpdate(single, before)).toBe(false);
    expect(await canUpdate(single, after)).toBe(true);
  });

  it("uses configured users and SameSite=None; Secure when asked", async () => {
    const custom = new Harness({ users: [{ name: "ops", password: "s3cret" }], cookieSameSite: "None" });
    expect(await (await login(custom, { "username-4D": "admin", "password-4D": "admin" })).json()).toEqual({
      result: false,
    });
    const response = await login(custom, { "username-4D": "ops", "password-4D": "s3cret" });
    expect(response.headers.getSetCookie()[0]).toMatch(/; SameSite=None; Secure$/);
    const cookie = response.headers.getSetCookie()[0]?.split(";")[0] ?? "";
    expect(await canUpdate(custom, cookie)).toBe(true);
  });
});

describe("4D mock: $upload input", () => {
  it("answers {ID} for each upload, a different ID each time", async () => {
    const cookie = await h.login();
    const first = await h.upload(PDF, cookie, "application/pdf");
    expect(first.status).toBe(200);
    const { ID } = await first.json();
    expect(ID).toMatch(/^[0-9A-F]{32}$/);
    expect(await h.uploadId(PDF, cookie, "application/pdf")).not.toBe(ID);
  });

  it("needs exactly one of $rawPict=true and $binary=true, and a non-empty body", async () => {
    const cookie = await h.login();
    for (const flags of ["", "$rawPict=true&$binary=true", "$binary=false"]) {
      const response = await h.upload(PDF, cookie, "application/pdf", flags);
      expect(response.status, flags).toBe(400);
      expect((await response.json()).__ERROR[0]).toMatchObject({
        errCode: 1806,
        message: expect.stringContaining("$rawPict=true"),
      });
    }
    const empty = await h.upload(new Uint8Array(0), cookie, "application/pdf");
    expect(empty.status).toBe(400);
    expect(errCodes(await empty.json())).toEqual([1806]);
    const bad = await h.upload(PDF, cookie, "application/pdf", "$binary=true&$timeout=0");
    expect(bad.status).toBe(400);
  });

  it("refuses a Content-Type the document does not declare with 400 errCode 1806 (4D declares no 415)", async () => {
    const cookie = await h.login();
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const response = await h.upload(PDF, cookie, type);
      expect(response.status, type).toBe(400);
      const body = await response.json();
      expect(errCodes(body)).toEqual([1806]);
      if (!type.startsWith("multipart/")) {
        expect(body.__ERROR[0].message).toContain("application/octet-stream");
      }
    }
  });

  it("refuses a body over maxBodyBytes with 400 errCode 1806, also for updates", async () => {
    const small = new Harness({ maxBodyBytes: 600 });
    const cookie = await small.login();
    const big = await small.upload(PDF, cookie, "application/pdf");
    expect(big.status).toBe(400);
    expect((await big.json()).__ERROR[0].message).toContain("larger than the limit of 600 bytes");
    const fits = await small.upload(PDF.subarray(0, 600), cookie, "application/pdf");
    expect(fits.status).toBe(200);
    const update = await small.update("User", { __KEY: "6", __STAMP: 1, firstName: "x".repeat(700) }, cookie);
    expect(update.status).toBe(400);
    expect((await (await small.get("/User(6)")).json()).firstName).toBe("Bruno");
  });
});
