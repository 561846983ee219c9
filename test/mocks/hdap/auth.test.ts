import { beforeEach, describe, expect, it } from "vitest";
import {
  ADMIN,
  AS_ADMIN,
  AS_BJENSEN,
  AS_KVAUGHAN,
  BJENSEN,
  basic,
  errorBody,
  HdapHarness,
  KVAUGHAN,
  PEOPLE,
} from "./harness.ts";

let hdap = new HdapHarness();
beforeEach(() => {
  hdap = new HdapHarness();
});

const describeChange = (headers: Record<string, string>, path = BJENSEN) =>
  hdap.json("PUT", path, { description: "changed" }, headers);

function decodePart(part: string | undefined): unknown {
  return JSON.parse(Buffer.from(part ?? "", "base64url").toString("utf8"));
}

describe("HDAP mock: HTTP Basic", () => {
  it("authenticates the seed's --user dc=com/dc=example/ou=People/uid=kvaughan:bribery", async () => {
    expect((await describeChange(AS_KVAUGHAN)).status).toBe(200);
  });

  it("answers 401 Invalid Credentials for a wrong password, an unknown account or a malformed header, never echoing them", async () => {
    for (const headers of [
      basic(KVAUGHAN, "wrong-password"),
      basic(`${PEOPLE}/uid=nobody`, "bribery"),
      basic("not a dn", "bribery"),
      { authorization: "Basic %%%" },
      { authorization: "Basic" },
      { authorization: `Basic ${Buffer.from("no-colon").toString("base64")}` },
      { authorization: 'Digest username="kvaughan"' },
    ]) {
      const response = await hdap.get(BJENSEN, headers);
      expect(response.status, headers["authorization"]).toBe(401);
      const text = await response.clone().text();
      expect(text).not.toContain("wrong-password");
      expect(await errorBody(response)).toMatchObject({ reason: "Unauthorized", message: "Invalid Credentials" });
    }
  });

  it("matches the user name as a DN, ignoring case", async () => {
    expect((await describeChange(basic(KVAUGHAN.toUpperCase(), "bribery"))).status).toBe(200);
    expect((await describeChange(basic(ADMIN, "password"))).status).toBe(200);
  });
});

describe("HDAP mock: bearer tokens", () => {
  it("issues an HS256 JWT for the account (sub = its _id) that lasts 300 s, expires_in as a string", async () => {
    const response = await hdap.json("POST", `${KVAUGHAN}?_action=authenticate`, { password: "bribery" });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const token = await response.json();
    expect(token).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: "300" });
    const [header, payload] = token.access_token.split(".");
    expect(decodePart(header)).toEqual({ alg: "HS256", typ: "JWT" });
    const now = Math.floor(hdap.now / 1000);
    expect(decodePart(payload)).toEqual({ sub: KVAUGHAN, iat: now, exp: now + 300 });
  });

  it("accepts the token until it expires, then answers 401", async () => {
    const token = await hdap.token(KVAUGHAN, "bribery");
    const bearer = { authorization: `Bearer ${token}` };
    expect((await describeChange(bearer)).status).toBe(200);
    hdap.now += 299_999;
    expect((await describeChange(bearer)).status).toBe(200);
    hdap.now += 1;
    const expired = await describeChange(bearer);
    expect(expired.status).toBe(401);
    const body = await errorBody(expired);
    expect(body.message).toContain("expired");
    expect(JSON.stringify(body)).not.toContain(token);
  });

  it("uses the configured lifetime", async () => {
    hdap = new HdapHarness({ tokenLifetimeSeconds: 60 });
    const response = await hdap.json("POST", `${KVAUGHAN}?_action=authenticate`, { password: "bribery" });
    const { access_token: token, expires_in: expiresIn } = await response.json();
    expect(expiresIn).toBe("60");
    hdap.now += 60_000;
    expect((await describeChange({ authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it("refuses a tampered token, one signed with alg none, one from another mock and one issued before reset()", async () => {
    const token = await hdap.token(BJENSEN, "hifalutin");
    const [header, , signature] = token.split(".");
    const now = Math.floor(hdap.now / 1000);
    const elevated = Buffer.from(JSON.stringify({ sub: KVAUGHAN, iat: now, exp: now + 300 })).toString("base64url");
    const none = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    const other = new HdapHarness();
    const foreign = await other.token(KVAUGHAN, "bribery");
    for (const forged of [
      `${header}.${elevated}.${signature}`,
      `${none}.${elevated}.`,
      foreign,
      "garbage",
      `${token}.x`,
    ]) {
      expect((await describeChange({ authorization: `Bearer ${forged}` }, KVAUGHAN)).status).toBe(401);
    }
    expect((await describeChange({ authorization: `Bearer ${token}` })).status).toBe(200);
    hdap.mock.reset();
    expect((await describeChange({ authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it("refuses the token of an account that was deleted since", async () => {
    const token = await hdap.token(BJENSEN, "hifalutin");
    await hdap.send(BJENSEN, { method: "DELETE", headers: AS_KVAUGHAN });
    expect((await hdap.get(KVAUGHAN, { authorization: `Bearer ${token}` })).status).toBe(401);
  });
});

describe("HDAP mock: access rules", () => {
  it("answers every anonymous write with 401 and changes nothing", async () => {
    const before = await hdap.read(BJENSEN);
    const writes = [
      hdap.json("PUT", BJENSEN, { description: "x" }),
      hdap.json("PUT", `${PEOPLE}/uid=new`, { objectClass: ["top", "person"], sn: "N", cn: "N" }),
      hdap.json("PATCH", BJENSEN, [{ operation: "remove", field: "description" }]),
      hdap.send(BJENSEN, { method: "DELETE" }),
      hdap.json("POST", `${PEOPLE}?_action=create`, { uid: "new", objectClass: ["top", "person"], sn: "N", cn: "N" }),
      hdap.json("POST", `${BJENSEN}?_action=rename`, { newId: `${PEOPLE}/uid=babs` }),
      hdap.json("POST", `${BJENSEN}?_action=resetPassword`, {}),
      hdap.json("POST", `${BJENSEN}?_action=modifyPassword`, { oldPassword: "hifalutin", newPassword: "longer-one" }),
      hdap.json("POST", `${BJENSEN}?_action=accountUsability`, {}),
    ];
    for (const response of await Promise.all(writes)) {
      expect(response.status).toBe(401);
      expect((await errorBody(response)).message).toMatch(/^Insufficient Access Rights/);
    }
    expect(await hdap.read(BJENSEN)).toEqual(before);
    expect((await hdap.get(`${PEOPLE}/uid=new`)).status).toBe(404);
  });

  it("lets an account change its own entry but answers 403 on another's", async () => {
    expect((await describeChange(AS_BJENSEN)).status).toBe(200);
    const denied = await describeChange(AS_BJENSEN, KVAUGHAN);
    expect(denied.status).toBe(403);
    expect((await errorBody(denied)).reason).toBe("Forbidden");
    expect(await hdap.read(KVAUGHAN)).not.toHaveProperty("description");
  });

  it("lets kvaughan and the admin write any entry", async () => {
    expect((await describeChange(AS_KVAUGHAN)).status).toBe(200);
    expect((await describeChange(AS_ADMIN, KVAUGHAN)).status).toBe(200);
  });

  it("takes the writers from the options", async () => {
    hdap = new HdapHarness({ writers: [BJENSEN] });
    expect((await describeChange(AS_BJENSEN, KVAUGHAN)).status).toBe(200);
    expect((await describeChange(AS_KVAUGHAN)).status).toBe(403);
  });
});

describe("HDAP mock: lockout and disabled accounts", () => {
  it("locks an account after three wrong passwords for 300 s, even for the right password", async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await hdap.get(BJENSEN, basic(BJENSEN, "wrong"))).status).toBe(401);
    }
    expect((await hdap.get(BJENSEN, AS_BJENSEN)).status).toBe(401);
    const locked = await hdap.json("POST", `${BJENSEN}?_action=authenticate`, { password: "hifalutin" });
    expect(locked.status).toBe(401);
    const usability = await hdap.json("POST", `${BJENSEN}?_action=accountUsability`, {}, AS_KVAUGHAN);
    expect(await usability.json()).toEqual({ status: "locked", unlockIn: 300 });
    hdap.now += 299_000;
    expect((await hdap.get(BJENSEN, AS_BJENSEN)).status).toBe(401);
    hdap.now += 1_000;
    expect((await hdap.get(BJENSEN, AS_BJENSEN)).status).toBe(200);
  });

  it("counts wrong passwords of _action=authenticate, resets the count on a right one, locks on the third", async () => {
    const attempt = (password: string) => hdap.json("POST", `${BJENSEN}?_action=authenticate`, { password });
    await attempt("wrong");
    await attempt("wrong");
    expect((await attempt("hifalutin")).status).toBe(200);
    await attempt("wrong");
    await attempt("wrong");
    expect((await attempt("hifalutin")).status).toBe(200);
    await attempt("wrong");
    await attempt("wrong");
    await attempt("wrong");
    expect((await attempt("hifalutin")).status).toBe(401);
  });

  it("never locks with lockout: false", async () => {
    hdap = new HdapHarness({ lockout: false });
    for (let attempt = 0; attempt < 10; attempt++) {
      await hdap.get(BJENSEN, basic(BJENSEN, "wrong"));
    }
    expect((await hdap.get(BJENSEN, AS_BJENSEN)).status).toBe(200);
  });

  it("refuses a disabled account (ds-pwp-account-disabled: true) with 401, tokens included", async () => {
    const token = await hdap.token(BJENSEN, "hifalutin");
    expect((await hdap.json("PUT", BJENSEN, { "ds-pwp-account-disabled": true }, AS_KVAUGHAN)).status).toBe(200);
    expect((await hdap.get(BJENSEN, AS_BJENSEN)).status).toBe(401);
    expect((await hdap.get(BJENSEN, { authorization: `Bearer ${token}` })).status).toBe(401);
    const usability = await hdap.json("POST", `${BJENSEN}?_action=accountUsability`, {}, AS_KVAUGHAN);
    expect(await usability.json()).toEqual({ status: "disabled" });
    expect(await hdap.read(`${BJENSEN}?_fields=ds-pwp-account-disabled`)).toMatchObject({
      "ds-pwp-account-disabled": true,
    });
  });
});
