import { namedExample } from "bytewire/mocks";
import { beforeEach, describe, expect, it } from "vitest";
import { AS_BJENSEN, AS_KVAUGHAN, BJENSEN, errorBody, HdapHarness, KVAUGHAN, PEOPLE } from "./harness.ts";

let hdap = new HdapHarness();
beforeEach(() => {
  hdap = new HdapHarness();
});

const NEWUSER = `${PEOPLE}/uid=newuser`;
const PERSON = { objectClass: ["top", "person", "organizationalPerson", "inetOrgPerson"], sn: "User", cn: "New User" };

function create(body: unknown, path = `${PEOPLE}?_action=create`, headers: Record<string, string> = AS_KVAUGHAN) {
  return hdap.json("POST", path, body, headers);
}

describe("HDAP mock: POST create", () => {
  it("creates the document's new user: 201, Location, the entry without its password", async () => {
    const response = await create(namedExample("hdap-newuser"));
    expect(response.status).toBe(201);
    expect(response.headers.get("location")).toBe(`http://localhost:4010/hdap/${NEWUSER}`);
    const created = await response.json();
    expect({ ...created, _rev: "<rev>" }).toEqual({
      ...(namedExample("hdap-newuser-created") as object),
      _rev: "<rev>",
    });
    expect(await hdap.read(NEWUSER)).toEqual(created);
  });

  it("creates without _action too, and the new account can authenticate", async () => {
    const response = await create({ ...PERSON, uid: "newuser", userPassword: "5up35tr0ng" }, PEOPLE);
    expect(response.status).toBe(201);
    expect((await hdap.json("POST", `${NEWUSER}?_action=authenticate`, { password: "5up35tr0ng" })).status).toBe(200);
  });

  it("names the entry from its uid, else its cn, escaping the value into the _id", async () => {
    expect((await (await create({ ...PERSON, uid: ["newuser"] })).json())._id).toBe(NEWUSER);
    const byCn = await create({ objectClass: ["top", "person"], sn: "Jensen", cn: "Babs, Jensen/2" });
    const id = `${PEOPLE}/cn=Babs%5C%2C%20Jensen%2F2`;
    expect((await byCn.json())._id).toBe(id);
    expect(await hdap.read(`${id}?_fields=cn`)).toMatchObject({ _id: id, cn: ["Babs, Jensen/2"] });
  });

  it("refuses an _id outside the path, a body with nothing to name the entry, or two candidate names", async () => {
    const outside = await create({ ...PERSON, _id: "dc=com/dc=example/uid=newuser" });
    expect((await errorBody(outside)).message).toContain("must name a child");
    const unnamed = await create({ objectClass: ["top", "organizationalPerson"], sn: "User" });
    expect((await errorBody(unnamed)).message).toContain("without a client provided resource ID");
    const ambiguous = await create({ ...PERSON, cn: undefined, uid: ["a", "b"] });
    expect(ambiguous.status).toBe(400);
    expect((await hdap.get(`${PEOPLE}?_queryFilter=true`).then((r) => r.json())).resultCount).toBe(2);
  });

  it("answers 412 Entry Already Exists for an existing entry and leaves it as it was", async () => {
    const before = await hdap.read(BJENSEN);
    const response = await create({ ...PERSON, uid: "bjensen", description: "impostor" });
    expect(response.status).toBe(412);
    expect(await errorBody(response)).toEqual({
      code: 412,
      reason: "Precondition Failed",
      message:
        "Entry Already Exists: The entry uid=bjensen,ou=People,dc=example,dc=com cannot be added because an entry with that name already exists",
    });
    expect(await hdap.read(BJENSEN)).toEqual(before);
  });

  it("answers 404 below a parent that does not exist", async () => {
    const response = await create({ ...PERSON, uid: "x" }, `${PEOPLE}/ou=Nowhere?_action=create`);
    expect(response.status).toBe(404);
  });

  it("answers 400 Object Class Violation for a person without sn", async () => {
    const response = await create({ objectClass: ["top", "person"], uid: "newuser", cn: "New User" });
    expect((await errorBody(response)).message).toBe(
      "Object Class Violation: Entry uid=newuser,ou=People,dc=example,dc=com cannot be added because it is missing attribute sn which is required by object class person",
    );
    expect((await hdap.get(NEWUSER)).status).toBe(404);
  });

  it("refuses invalid base64 in a new entry's binary attributes with 400 and creates nothing", async () => {
    for (const binaries of [{ photo: "not base64!" }, { jpegPhoto: "QR==" }, { userCertificate: ["MIIB", "%%%%"] }]) {
      const response = await create({ ...PERSON, uid: "newuser", ...binaries });
      expect(response.status, JSON.stringify(binaries)).toBe(400);
      await errorBody(response);
    }
    expect((await hdap.get(NEWUSER)).status).toBe(404);
  });

  it("lets only writers create: 401 anonymously, 403 for Babs Jensen", async () => {
    expect((await create({ ...PERSON, uid: "newuser" }, undefined, {})).status).toBe(401);
    expect((await create({ ...PERSON, uid: "newuser" }, undefined, AS_BJENSEN)).status).toBe(403);
    expect((await hdap.get(NEWUSER)).status).toBe(404);
  });

  it("with dryRun=true answers 201 without creating", async () => {
    expect((await create({ ...PERSON, uid: "newuser" }, `${PEOPLE}?_action=create&dryRun=true`)).status).toBe(201);
    expect((await hdap.get(NEWUSER)).status).toBe(404);
  });
});

describe("HDAP mock: DELETE", () => {
  it("answers the deleted entry (with _fields) and the entry is gone", async () => {
    await create(namedExample("hdap-newuser"));
    const response = await hdap.send(`${NEWUSER}?_fields=cn`, { method: "DELETE", headers: AS_KVAUGHAN });
    expect(response.status).toBe(200);
    const deleted = await response.json();
    expect({ ...deleted, _rev: "<rev>" }).toEqual({
      ...(namedExample("hdap-newuser-deleted") as object),
      _rev: "<rev>",
    });
    expect((await hdap.get(NEWUSER)).status).toBe(404);
    expect((await hdap.send(NEWUSER, { method: "DELETE", headers: AS_KVAUGHAN })).status).toBe(404);
  });

  it("refuses an entry with children unless subtreeDelete=true, which removes the whole subtree", async () => {
    const refused = await hdap.send(PEOPLE, { method: "DELETE", headers: AS_KVAUGHAN });
    expect(refused.status).toBe(400);
    expect((await errorBody(refused)).message).toMatch(/^Not Allowed on Nonleaf/);
    expect((await hdap.get(BJENSEN)).status).toBe(200);
    const deleted = await hdap.send(`${PEOPLE}?subtreeDelete=true`, { method: "DELETE", headers: AS_KVAUGHAN });
    expect(deleted.status).toBe(200);
    expect((await deleted.json())._id).toBe(PEOPLE);
    for (const path of [PEOPLE, BJENSEN, KVAUGHAN]) {
      expect((await hdap.get(path)).status).toBe(404);
    }
    expect((await hdap.get("dc=com/dc=example")).status).toBe(200);
  });

  it("deletes only the listed revision with If-Match", async () => {
    const stale = await hdap.send(BJENSEN, { method: "DELETE", headers: { ...AS_KVAUGHAN, "if-match": "old" } });
    expect(stale.status).toBe(412);
    const { _rev: rev } = await hdap.read(BJENSEN);
    const current = await hdap.send(BJENSEN, {
      method: "DELETE",
      headers: { ...AS_KVAUGHAN, "if-match": String(rev) },
    });
    expect(current.status).toBe(200);
  });

  it("lets only writers delete: 401 anonymously, 403 even for the account's own entry", async () => {
    expect((await hdap.send(BJENSEN, { method: "DELETE" })).status).toBe(401);
    const own = await hdap.send(BJENSEN, { method: "DELETE", headers: AS_BJENSEN });
    expect(own.status).toBe(403);
    expect((await errorBody(own)).message).toContain("cannot be deleted due to insufficient access rights");
    expect((await hdap.get(BJENSEN)).status).toBe(200);
  });

  it("with dryRun=true answers the entry without deleting it", async () => {
    const response = await hdap.send(`${BJENSEN}?dryRun=true`, { method: "DELETE", headers: AS_KVAUGHAN });
    expect(response.status).toBe(200);
    expect((await hdap.get(BJENSEN)).status).toBe(200);
  });
});
