import { namedExample } from "bytewire/mocks";
import { beforeEach, describe, expect, it } from "vitest";
import { AS_ADMIN, AS_BJENSEN, AS_KVAUGHAN, BJENSEN, errorBody, HdapHarness, PEOPLE, PHOTO } from "./harness.ts";

let hdap = new HdapHarness();
beforeEach(() => {
  hdap = new HdapHarness();
});

describe("HDAP mock: reading an entry", () => {
  it("answers the seed's read with _fields=photo&_prettyPrint=true byte for byte as DS prints it", async () => {
    const response = await hdap.get(`${BJENSEN}?_fields=photo&_prettyPrint=true`, AS_KVAUGHAN);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=UTF-8");
    expect(await response.text()).toBe(
      [
        "{",
        `  "_id" : "${BJENSEN}",`,
        '  "_rev" : "5e4c0e36-9a87-3f2b-8c55-6f1d2a7b9e40",',
        `  "photo" : [ "${PHOTO}" ]`,
        "}",
      ].join("\n"),
    );
  });

  it("serves Babs Jensen exactly as the document's hdap-bjensen-entry example shows her", async () => {
    expect(await hdap.read(BJENSEN)).toEqual(namedExample("hdap-bjensen-entry"));
  });

  it("answers multi-valued attributes as arrays and single-valued ones as scalars", async () => {
    const entry = await hdap.read(`${BJENSEN}?_fields=cn,gidNumber,homeDirectory,manager`);
    expect(entry).toEqual({
      _id: BJENSEN,
      _rev: "5e4c0e36-9a87-3f2b-8c55-6f1d2a7b9e40",
      cn: ["Barbara Jensen", "Babs Jensen"],
      gidNumber: 1000,
      homeDirectory: "/home/bjensen",
      manager: [`${PEOPLE}/uid=kvaughan`],
    });
  });

  it("selects _fields given as names or JSON pointers, and ignores fields the entry does not have", async () => {
    const entry = await hdap.read(`${BJENSEN}?_fields=/mail,%20sn%20,unknownAttribute`);
    expect(Object.keys(entry)).toEqual(["_id", "_rev", "sn", "mail"]);
  });

  it("never answers userPassword, not to the account itself, not to a writer, not when named in _fields", async () => {
    for (const headers of [{}, AS_BJENSEN, AS_KVAUGHAN, AS_ADMIN]) {
      const full = await hdap.get(BJENSEN, headers);
      expect(await full.json()).not.toHaveProperty("userPassword");
      const named = await hdap.get(`${BJENSEN}?_fields=userPassword,uid`, headers);
      expect(await named.json()).toEqual({
        _id: BJENSEN,
        _rev: "5e4c0e36-9a87-3f2b-8c55-6f1d2a7b9e40",
        uid: ["bjensen"],
      });
    }
  });

  it("answers operational attributes only when named, all of them with _fields=%2B", async () => {
    expect(await hdap.read(BJENSEN)).not.toHaveProperty("entryUUID");
    const operational = await hdap.read(`${PEOPLE}?_fields=%2B`);
    expect(operational).toEqual({
      _id: PEOPLE,
      _rev: expect.any(String),
      createTimestamp: "2026-11-22T10:00:00Z",
      modifyTimestamp: "2026-11-22T10:00:00Z",
      entryUUID: expect.stringMatching(/^[0-9a-f-]{36}$/),
      etag: operational["_rev"],
      hasSubordinates: true,
      numSubordinates: 2,
    });
    const named = await hdap.read(`${BJENSEN}?_fields=numSubordinates,cn`);
    expect(named).toMatchObject({ numSubordinates: 0, cn: ["Barbara Jensen", "Babs Jensen"] });
    expect(named).not.toHaveProperty("hasSubordinates");
  });

  it("answers 304 with no body while If-None-Match names the current revision, 200 once it changed", async () => {
    const { _rev: rev } = await hdap.read(BJENSEN);
    const notModified = await hdap.get(BJENSEN, { "if-none-match": String(rev) });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe("");
    expect((await hdap.get(BJENSEN, { "if-none-match": `"${rev}"` })).status).toBe(304);
    expect((await hdap.get(BJENSEN, { "if-none-match": "*" })).status).toBe(304);
    expect((await hdap.get(BJENSEN, { "if-none-match": "an-old-revision" })).status).toBe(200);
    await hdap.json("PUT", BJENSEN, { description: "changed" }, AS_KVAUGHAN);
    expect((await hdap.get(BJENSEN, { "if-none-match": String(rev) })).status).toBe(200);
  });

  it("answers 404 No Such Entry in the HdapError shape for an entry that does not exist", async () => {
    const response = await hdap.get(`${PEOPLE}/uid=nobody`);
    expect(response.status).toBe(404);
    expect(await errorBody(response)).toEqual({
      code: 404,
      reason: "Not Found",
      message: "No Such Entry: The entry uid=nobody,ou=People,dc=example,dc=com does not exist",
    });
  });
});

describe("HDAP mock: DN paths", () => {
  it("matches attribute types and values case-insensitively and echoes the _id as it was written", async () => {
    const entry = await hdap.read("DC=COM/dc=Example/OU=people/UID=BJENSEN?_fields=uid");
    expect(entry["_id"]).toBe(BJENSEN);
    expect(await hdap.read("dc=com/dc=example/ou=People/userid=bjensen?_fields=uid")).toEqual(entry);
  });

  it("keeps %2F inside an RDN value: cn=Babs%2FJensen is one RDN, not two", async () => {
    const created = await hdap.json(
      "PUT",
      `${PEOPLE}/cn=Babs%2FJensen`,
      { objectClass: ["top", "person"], sn: "Jensen" },
      AS_KVAUGHAN,
    );
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body).toMatchObject({ _id: `${PEOPLE}/cn=Babs%2FJensen`, cn: ["Babs/Jensen"] });
    expect(created.headers.get("location")).toBe(`http://localhost:4010/hdap/${PEOPLE}/cn=Babs%2FJensen`);
    expect((await hdap.get(`${PEOPLE}/cn=Babs%2FJensen`)).status).toBe(200);
    expect((await hdap.get(`${PEOPLE}/cn=Babs/Jensen`)).status).toBe(400);
  });

  it("reads values with spaces, escaped commas and backslashes, in either escape form", async () => {
    const put = (path: string) =>
      hdap.json("PUT", `${PEOPLE}/${path}`, { objectClass: ["top", "person"], sn: "Jensen" }, AS_KVAUGHAN);
    expect((await put("cn=Babs%20Jensen")).status).toBe(201);
    expect(await hdap.read(`${PEOPLE}/cn=babs%20%20jensen?_fields=cn`)).toMatchObject({
      _id: `${PEOPLE}/cn=Babs%20Jensen`,
      cn: ["Babs Jensen"],
    });
    const comma = await put("cn=Babs%5C%2CJensen");
    expect(comma.status).toBe(201);
    expect((await comma.json()).cn).toEqual(["Babs,Jensen"]);
    // `\2C` is the hex form of the same escaped comma: it names the same entry.
    expect(await hdap.read(`${PEOPLE}/cn=Babs%5C2CJensen?_fields=cn`)).toMatchObject({
      _id: `${PEOPLE}/cn=Babs%5C%2CJensen`,
    });
    const backslash = await put("cn=Babs%5C%5CJensen");
    expect((await backslash.json()).cn).toEqual(["Babs\\Jensen"]);
  });

  it("keeps %25 as a literal percent sign inside a value", async () => {
    const created = await hdap.json(
      "PUT",
      `${PEOPLE}/cn=100%25`,
      { objectClass: ["top", "person"], sn: "Percent" },
      AS_KVAUGHAN,
    );
    expect((await created.json()).cn).toEqual(["100%"]);
    expect(await hdap.read(`${PEOPLE}/cn=100%25?_fields=cn`)).toMatchObject({ cn: ["100%"] });
  });

  it("answers 400 Invalid DN Syntax for an unescaped comma, an empty RDN or a backslash that escapes nothing", async () => {
    for (const path of [
      `${PEOPLE}/cn=Babs,Jensen`,
      "dc=com//dc=example",
      `${PEOPLE}/cn=Babs%5CJensen`,
      `${PEOPLE}/cn=`,
    ]) {
      const response = await hdap.get(path);
      expect(response.status, path).toBe(400);
      expect((await errorBody(response)).message).toMatch(/^Invalid DN Syntax/);
    }
  });

  it("answers 400 for a path the document's pattern refuses (no attribute type)", async () => {
    const response = await hdap.get("schemas/attributeTypes/cn");
    expect(response.status).toBe(400);
    expect((await errorBody(response)).reason).toBe("Bad Request");
  });
});

describe("HDAP mock: anonymous reads", () => {
  it("lets anonymous callers read and query every attribute but passwords, by default", async () => {
    const anonymous = await hdap.get(BJENSEN);
    expect(anonymous.status).toBe(200);
    expect(await anonymous.json()).toEqual(await hdap.read(BJENSEN));
    expect((await hdap.get(`${PEOPLE}?_queryFilter=true`)).status).toBe(200);
  });

  it("answers anonymous reads and queries with 401 when anonymousReads is off, and still serves accounts", async () => {
    hdap = new HdapHarness({ anonymousReads: false });
    for (const path of [BJENSEN, `${PEOPLE}?_queryFilter=true`]) {
      const response = await hdap.get(path);
      expect(response.status).toBe(401);
      expect((await errorBody(response)).reason).toBe("Unauthorized");
    }
    expect((await hdap.get(BJENSEN, AS_BJENSEN)).status).toBe(200);
  });
});
