import { beforeEach, describe, expect, it } from "vitest";
import { AS_BJENSEN, AS_KVAUGHAN, BJENSEN, basic, errorBody, HdapHarness, PEOPLE, PHOTO } from "./harness.ts";

let hdap = new HdapHarness();
beforeEach(() => {
  hdap = new HdapHarness();
});

const put = (body: unknown, headers: Record<string, string> = {}, path = BJENSEN) =>
  hdap.json("PUT", path, body, { ...AS_KVAUGHAN, ...headers });

/** Asserts a rejected write left Babs Jensen exactly as she was. */
async function expectUnchanged(before: Record<string, unknown>): Promise<void> {
  expect(await hdap.read(BJENSEN)).toEqual(before);
}

describe("HDAP mock: PUT updates", () => {
  it("stores the seed's photo written as one string and answers it as a one-element array, keeping the rest", async () => {
    const before = await hdap.read(BJENSEN);
    const jpeg = Buffer.from(PHOTO, "base64");
    const otherPhoto = Buffer.from([...jpeg.subarray(0, -2), 0x00, 0xff, 0xd9]).toString("base64");
    const response = await put({ photo: otherPhoto });
    expect(response.status).toBe(200);
    const updated = await response.json();
    expect(updated.photo).toEqual([otherPhoto]);
    expect(updated._rev).not.toBe(before["_rev"]);
    expect({ ...updated, _rev: "", photo: [] }).toEqual({ ...before, _rev: "", photo: [] });
    expect(await hdap.read(BJENSEN)).toEqual(updated);
  });

  it("merges: a field replaces that attribute's values, the fields left out keep theirs", async () => {
    const response = await put({ telephoneNumber: "+1 408 555 1212" });
    const updated = await response.json();
    expect(updated.telephoneNumber).toEqual(["+1 408 555 1212"]);
    expect(updated.description).toEqual(["Original description"]);
    expect(updated.photo).toEqual([PHOTO]);
  });

  it("changes _rev on every write, even an identical one", async () => {
    const first = await (await put({ description: "same" })).json();
    const second = await (await put({ description: "same" })).json();
    expect(new Set([first._rev, second._rev, "5e4c0e36-9a87-3f2b-8c55-6f1d2a7b9e40"]).size).toBe(3);
  });

  it("keeps single-valued attributes scalar and refuses several values for them", async () => {
    expect((await (await put({ displayName: ["Babs"] })).json()).displayName).toBe("Babs");
    expect((await (await put({ gidNumber: 2000 })).json()).gidNumber).toBe(2000);
    const before = await hdap.read(BJENSEN);
    const response = await put({ displayName: ["Babs", "Barbara"] });
    expect(response.status).toBe(400);
    expect((await errorBody(response)).message).toContain("displayName is single-valued");
    await expectUnchanged(before);
  });

  it("refuses values of the wrong JSON type for the attribute's syntax", async () => {
    const before = await hdap.read(BJENSEN);
    for (const body of [
      { gidNumber: "1000" },
      { gidNumber: 1.5 },
      { displayName: 42 },
      { "ds-pwp-account-disabled": "yes" },
      { sn: "" },
    ]) {
      const response = await put(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((await errorBody(response)).message).toMatch(/^Invalid Attribute Syntax/);
    }
    await expectUnchanged(before);
  });

  it("collapses values that are equal under the attribute's matching rule (set semantics)", async () => {
    const updated = await (
      await put({ mail: ["Babs@Example.com", "babs@example.COM"], cn: ["Babs Jensen", "babs  jensen"] })
    ).json();
    expect(updated.mail).toEqual(["Babs@Example.com"]);
    expect(updated.cn).toEqual(["Babs Jensen"]);
  });

  it("removes an attribute written as null or []", async () => {
    const updated = await (await put({ description: null, roomNumber: [] })).json();
    expect(updated).not.toHaveProperty("description");
    expect(updated).not.toHaveProperty("roomNumber");
  });

  it("accepts a scalar or an array for unknown attributes and answers them as arrays", async () => {
    const updated = await (await put({ favouriteColour: "green", shoeSize: [42, 43] })).json();
    expect(updated.favouriteColour).toEqual(["green"]);
    expect(updated.shoeSize).toEqual([42, 43]);
  });

  it("applies _fields to the answer", async () => {
    const response = await hdap.json("PUT", `${BJENSEN}?_fields=description`, { description: "x" }, AS_KVAUGHAN);
    expect(Object.keys(await response.json())).toEqual(["_id", "_rev", "description"]);
  });

  it("with dryRun=true answers the update without storing it", async () => {
    const before = await hdap.read(BJENSEN);
    const response = await hdap.json("PUT", `${BJENSEN}?dryRun=true`, { description: "dry" }, AS_KVAUGHAN);
    expect(response.status).toBe(200);
    expect((await response.json()).description).toEqual(["dry"]);
    await expectUnchanged(before);
  });
});

describe("HDAP mock: binary attributes", () => {
  it("refuses invalid base64 in photo, jpegPhoto and userCertificate with 400 and keeps the entry", async () => {
    const before = await hdap.read(BJENSEN);
    for (const body of [
      { photo: "not base64: a JPEG!" },
      { jpegPhoto: [PHOTO, "%%%"] },
      { userCertificate: "MIIB 6zCC" },
      { photo: PHOTO.slice(0, -1) },
    ]) {
      const response = await put(body);
      expect(response.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect((await errorBody(response)).message).not.toContain(PHOTO.slice(0, 20));
    }
    await expectUnchanged(before);
  });

  it("checks base64 itself where the document's schema cannot: non-canonical padding and undeclared binaries", async () => {
    const before = await hdap.read(BJENSEN);
    for (const body of [{ photo: "QR==" }, { audio: "!!!!" }, { userPKCS12: "abc" }]) {
      const response = await put(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((await errorBody(response)).message).toContain("not valid base64");
    }
    await expectUnchanged(before);
    expect((await put({ audio: "UklGRg==" })).status).toBe(200);
  });
});

describe("HDAP mock: conditional PUT and upsert", () => {
  it("updates only the listed revision with If-Match (412 otherwise, nothing changed); * needs an existing entry", async () => {
    const before = await hdap.read(BJENSEN);
    const stale = await put({ description: "x" }, { "if-match": "an-old-revision" });
    expect(stale.status).toBe(412);
    expect(await errorBody(stale)).toMatchObject({
      reason: "Precondition Failed",
      message: expect.stringMatching(/^Assertion Failed/),
    });
    await expectUnchanged(before);
    expect((await put({ description: "x" }, { "if-match": String(before["_rev"]) })).status).toBe(200);
    expect((await put({ description: "y" }, { "if-match": "*" })).status).toBe(200);
    const missing = await put({ objectClass: ["top", "person"], sn: "N" }, { "if-match": "*" }, `${PEOPLE}/cn=Nobody`);
    expect(missing.status).toBe(412);
    expect((await hdap.get(`${PEOPLE}/cn=Nobody`)).status).toBe(404);
  });

  it("creates only with If-None-Match: * (201 + Location) and fails with 412 when the entry exists", async () => {
    const path = `${PEOPLE}/uid=newuser`;
    const body = { objectClass: ["top", "person", "inetOrgPerson"], cn: "New User", sn: "User" };
    const created = await put(body, { "if-none-match": "*" }, path);
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`http://localhost:4010/hdap/${path}`);
    expect(await created.json()).toMatchObject({ _id: path, uid: ["newuser"], cn: ["New User"] });
    const again = await put({ ...body, description: "second" }, { "if-none-match": "*" }, path);
    expect(again.status).toBe(412);
    expect((await errorBody(again)).message).toMatch(/^Entry Already Exists/);
    expect(await hdap.read(path)).not.toHaveProperty("description");
  });

  it("answers 400 for an If-None-Match other than * on PUT", async () => {
    const response = await put({ description: "x" }, { "if-none-match": "5e4c0e36-9a87-3f2b-8c55-6f1d2a7b9e40" });
    expect(response.status).toBe(400);
    expect((await errorBody(response)).message).toContain("If-None-Match");
  });

  it("creates a missing entry without any condition (upsert), and answers 404 below a missing parent", async () => {
    const created = await put({ objectClass: ["top", "person"], sn: "Smith" }, {}, `${PEOPLE}/cn=Smith`);
    expect(created.status).toBe(201);
    const orphan = await put({ objectClass: ["top", "person"], sn: "Smith" }, {}, `${PEOPLE}/ou=Nowhere/cn=Smith`);
    expect(orphan.status).toBe(404);
    expect((await errorBody(orphan)).message).toContain(
      "parent entry ou=Nowhere,ou=People,dc=example,dc=com does not exist",
    );
  });

  it("refuses a body _id that names another entry, and accepts one that names the same entry", async () => {
    expect((await put({ _id: `${PEOPLE}/uid=kvaughan`, description: "x" })).status).toBe(400);
    expect((await put({ _id: BJENSEN.toUpperCase(), description: "x" })).status).toBe(200);
  });
});

describe("HDAP mock: schema rules on PUT", () => {
  it("refuses read-only operational attributes and attribute options", async () => {
    const before = await hdap.read(BJENSEN);
    expect((await errorBody(await put({ createTimestamp: "2020-01-01T00:00:00Z" }))).message).toContain(
      "NO-USER-MODIFICATION",
    );
    expect((await errorBody(await put({ "userCertificate;binary": PHOTO }))).message).toMatch(
      /^Undefined Attribute Type/,
    );
    await expectUnchanged(before);
  });

  it("refuses to remove the RDN value or an attribute the object classes require", async () => {
    const before = await hdap.read(BJENSEN);
    expect((await errorBody(await put({ uid: "someoneelse" }))).message).toMatch(/^Not Allowed on RDN/);
    expect((await errorBody(await put({ sn: [] }))).message).toBe(
      "Object Class Violation: Entry uid=bjensen,ou=People,dc=example,dc=com cannot be modified because it is missing attribute sn which is required by object class person",
    );
    expect((await errorBody(await put({ objectClass: [] }))).message).toMatch(/^Object Class Violation/);
    await expectUnchanged(before);
    expect((await put({ uid: ["bjensen", "babs"] })).status).toBe(200);
  });

  it("checks a new userPassword against the policy, with advice on request, and never answers it", async () => {
    const short = await put({ userPassword: "short" });
    expect(short.status).toBe(400);
    const plain = await errorBody(short);
    expect(plain.message).toContain("shorter than the minimum required length of 8 characters");
    expect(plain).not.toHaveProperty("detail");
    const advised = await hdap.json(
      "PUT",
      `${BJENSEN}?passwordQualityAdvice=true`,
      { userPassword: "short" },
      AS_KVAUGHAN,
    );
    expect((await errorBody(advised)).detail).toMatchObject({
      passwordQualityAdvice: { failingCriteria: [{ type: "length-based", parameters: { "min-password-length": 8 } }] },
    });
    const changed = await put({ userPassword: "a-long-new-password" });
    expect(changed.status).toBe(200);
    expect(await changed.json()).not.toHaveProperty("userPassword");
    expect((await hdap.get(BJENSEN, AS_BJENSEN)).status).toBe(401);
    expect((await hdap.get(BJENSEN, basic(BJENSEN, "a-long-new-password"))).status).toBe(200);
  });
});
