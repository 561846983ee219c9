import { namedExample } from "bytewire/mocks";
import { beforeEach, describe, expect, it } from "vitest";
import { AS_BJENSEN, AS_KVAUGHAN, BJENSEN, basic, errorBody, HdapHarness, KVAUGHAN, PEOPLE } from "./harness.ts";

let hdap = new HdapHarness();
beforeEach(() => {
  hdap = new HdapHarness();
});

const action = (path: string, name: string, body: unknown, headers: Record<string, string> = {}) =>
  hdap.json("POST", `${path}${path.includes("?") ? "&" : "?"}_action=${name}`, body, headers);

describe("HDAP mock: _action=authenticate", () => {
  it("answers the document's example body with a token, and 401 for a wrong password or an unknown account", async () => {
    expect((await action(KVAUGHAN, "authenticate", namedExample("hdap-kvaughan-authenticate"))).status).toBe(200);
    for (const [path, password] of [
      [KVAUGHAN, "wrong"],
      [`${PEOPLE}/uid=nobody`, "bribery"],
      [PEOPLE, "anything"],
    ] as const) {
      const response = await action(path, "authenticate", { password });
      expect(response.status).toBe(401);
      expect(await errorBody(response)).toMatchObject({ message: "Invalid Credentials" });
    }
  });

  it("answers 400 for a body that is not exactly {password}", async () => {
    for (const body of [{}, { password: "" }, { password: "bribery", extra: 1 }, { password: 42 }]) {
      const response = await action(KVAUGHAN, "authenticate", body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      await errorBody(response);
    }
  });
});

describe("HDAP mock: _action=modifyPassword", () => {
  it("changes the account's own password with the document's example and answers {}", async () => {
    const response = await action(BJENSEN, "modifyPassword", namedExample("hdap-bjensen-modify-password"), AS_BJENSEN);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    expect((await hdap.get(BJENSEN, AS_BJENSEN)).status).toBe(401);
    expect((await hdap.get(BJENSEN, basic(BJENSEN, "chngthspwd"))).status).toBe(200);
  });

  it("answers 401 for a wrong old password and 400 for a new one the policy refuses, advice on request", async () => {
    const wrongOld = await action(
      BJENSEN,
      "modifyPassword",
      { oldPassword: "nope", newPassword: "chngthspwd" },
      AS_BJENSEN,
    );
    expect(wrongOld.status).toBe(401);
    const weak = await action(
      `${BJENSEN}?passwordQualityAdvice=true`,
      "modifyPassword",
      { oldPassword: "hifalutin", newPassword: "short" },
      AS_BJENSEN,
    );
    expect(weak.status).toBe(400);
    const body = await errorBody(weak);
    expect(body.message).toMatch(/^Constraint Violation: The provided new password failed the validation checks/);
    expect(body.detail).toHaveProperty("passwordQualityAdvice");
    expect((await hdap.get(BJENSEN, AS_BJENSEN)).status).toBe(200);
  });

  it("is for the account itself or a writer: 403 for another account, 401 anonymously", async () => {
    const body = { oldPassword: "bribery", newPassword: "a-new-password" };
    expect((await action(KVAUGHAN, "modifyPassword", body, AS_BJENSEN)).status).toBe(403);
    expect((await action(KVAUGHAN, "modifyPassword", body)).status).toBe(401);
    const byWriter = await action(
      BJENSEN,
      "modifyPassword",
      { oldPassword: "hifalutin", newPassword: "a-new-password" },
      AS_KVAUGHAN,
    );
    expect(byWriter.status).toBe(200);
  });

  it("answers 400 when a field is missing", async () => {
    expect((await action(BJENSEN, "modifyPassword", { newPassword: "a-new-password" }, AS_BJENSEN)).status).toBe(400);
  });
});

describe("HDAP mock: _action=resetPassword and accountUsability", () => {
  it("lets a writer reset a password to a generated one that then works, and unlocks the account", async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      await hdap.get(BJENSEN, basic(BJENSEN, "wrong"));
    }
    const response = await action(BJENSEN, "resetPassword", namedExample("hdap-empty-object"), AS_KVAUGHAN);
    expect(response.status).toBe(200);
    const { generatedPassword } = await response.json();
    expect(generatedPassword).toMatch(/^[a-z0-9]{8}$/);
    expect((await hdap.get(BJENSEN, basic(BJENSEN, generatedPassword))).status).toBe(200);
    expect((await hdap.get(BJENSEN, AS_BJENSEN)).status).toBe(401);
  });

  it("needs the privilege: 403 for the account itself, 400 for a body other than {}", async () => {
    expect((await action(BJENSEN, "resetPassword", {}, AS_BJENSEN)).status).toBe(403);
    expect((await action(BJENSEN, "resetPassword", { password: "x" }, AS_KVAUGHAN)).status).toBe(400);
    expect((await action(`${PEOPLE}/uid=nobody`, "resetPassword", {}, AS_KVAUGHAN)).status).toBe(404);
    expect((await hdap.get(BJENSEN, AS_BJENSEN)).status).toBe(200);
  });

  it("answers accountUsability valid for the account itself and a writer, 403 for others", async () => {
    const own = await action(BJENSEN, "accountUsability", {}, AS_BJENSEN);
    expect(await own.json()).toEqual(namedExample("hdap-account-valid"));
    expect((await action(BJENSEN, "accountUsability", {}, AS_KVAUGHAN)).status).toBe(200);
    expect((await action(KVAUGHAN, "accountUsability", {}, AS_BJENSEN)).status).toBe(403);
  });
});

describe("HDAP mock: _action=rename", () => {
  const NEWUSER = `${PEOPLE}/uid=newuser`;
  const SJENSEN = `${PEOPLE}/uid=sjensen`;

  beforeEach(async () => {
    expect(
      (await hdap.json("POST", `${PEOPLE}?_action=create`, namedExample("hdap-newuser"), AS_KVAUGHAN)).status,
    ).toBe(201);
  });

  it("renames as the document's example shows with deleteOldRdn=true; the old name is gone", async () => {
    const response = await action(
      `${NEWUSER}?deleteOldRdn=true`,
      "rename",
      namedExample("hdap-newuser-rename"),
      AS_KVAUGHAN,
    );
    expect(response.status).toBe(200);
    const renamed = await response.json();
    expect({ ...renamed, _rev: "<rev>" }).toEqual({
      ...(namedExample("hdap-newuser-renamed") as object),
      _rev: "<rev>",
    });
    expect((await hdap.get(NEWUSER)).status).toBe(404);
    expect(await hdap.read(SJENSEN)).toEqual(renamed);
  });

  it("keeps the old RDN value without deleteOldRdn", async () => {
    const renamed = await (await action(NEWUSER, "rename", { newId: SJENSEN }, AS_KVAUGHAN)).json();
    expect(renamed.uid).toEqual(["newuser", "sjensen"]);
  });

  it("moves the whole subtree, rewriting the _ids below", async () => {
    const response = await action(PEOPLE, "rename", { newId: "dc=com/dc=example/ou=Staff" }, AS_KVAUGHAN);
    expect(response.status).toBe(200);
    expect((await response.json()).ou).toEqual(["People", "Staff"]);
    const moved = await (await hdap.get("dc=com/dc=example/ou=Staff/uid=bjensen?_fields=uid")).json();
    expect(moved._id).toBe("dc=com/dc=example/ou=Staff/uid=bjensen");
    expect((await hdap.get(BJENSEN)).status).toBe(404);
    // kvaughan's account moved too: her old _id no longer authenticates, her new one does.
    expect((await hdap.get(BJENSEN, AS_KVAUGHAN)).status).toBe(401);
    expect((await hdap.get(BJENSEN, basic("dc=com/dc=example/ou=Staff/uid=kvaughan", "bribery"))).status).toBe(404);
    const query = await (await hdap.get("dc=com/dc=example/ou=Staff?_queryFilter=true")).json();
    expect(query.resultCount).toBe(3);
  });

  it("refuses an existing name (412), a missing new parent (404), a move below itself (400) and bad bodies (400)", async () => {
    expect((await action(NEWUSER, "rename", { newId: BJENSEN }, AS_KVAUGHAN)).status).toBe(412);
    expect((await action(NEWUSER, "rename", { newId: `${PEOPLE}/ou=Nowhere/uid=x` }, AS_KVAUGHAN)).status).toBe(404);
    expect((await action(PEOPLE, "rename", { newId: `${PEOPLE}/ou=Inner` }, AS_KVAUGHAN)).status).toBe(400);
    expect((await action(NEWUSER, "rename", { newId: "not-a-dn" }, AS_KVAUGHAN)).status).toBe(400);
    expect((await action(NEWUSER, "rename", { newId: SJENSEN, extra: true }, AS_KVAUGHAN)).status).toBe(400);
    expect((await action(`${PEOPLE}/uid=nobody`, "rename", { newId: SJENSEN }, AS_KVAUGHAN)).status).toBe(404);
    expect((await hdap.get(NEWUSER)).status).toBe(200);
    expect((await hdap.get(SJENSEN)).status).toBe(404);
  });

  it("is for writers only, and a dryRun renames nothing", async () => {
    expect((await action(NEWUSER, "rename", { newId: SJENSEN }, AS_BJENSEN)).status).toBe(403);
    expect((await action(`${NEWUSER}?dryRun=true`, "rename", { newId: SJENSEN }, AS_KVAUGHAN)).status).toBe(200);
    expect((await hdap.get(NEWUSER)).status).toBe(200);
    expect((await hdap.get(SJENSEN)).status).toBe(404);
  });
});

describe("HDAP mock: _action values", () => {
  it("answers 400 for an _action the document does not declare", async () => {
    const response = await action(BJENSEN, "schema", {}, AS_KVAUGHAN);
    expect(response.status).toBe(400);
    expect((await errorBody(response)).message).toContain("_action");
  });
});
