import { namedExample } from "bytewire/mocks";
import { beforeEach, describe, expect, it } from "vitest";
import { AS_BJENSEN, AS_KVAUGHAN, BJENSEN, errorBody, HdapHarness, KVAUGHAN, PEOPLE, PHOTO } from "./harness.ts";

let hdap = new HdapHarness();
beforeEach(() => {
  hdap = new HdapHarness();
});

function patch(operations: unknown, path = BJENSEN, headers: Record<string, string> = AS_KVAUGHAN) {
  return hdap.json("PATCH", path, operations, headers);
}

async function patched(operations: unknown, path = BJENSEN): Promise<Record<string, unknown>> {
  const response = await patch(operations, path);
  if (response.status !== 200) {
    throw new Error(`PATCH answered ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as Record<string, unknown>;
}

describe("HDAP mock: PATCH", () => {
  it("applies the document's example and answers as hdap-bjensen-patched shows, with a new _rev", async () => {
    const response = await patch(
      namedExample("hdap-bjensen-patch"),
      `${BJENSEN}?_fields=telephoneNumber,jpegPhoto,description`,
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body._rev).not.toBe("5e4c0e36-9a87-3f2b-8c55-6f1d2a7b9e40");
    expect({ ...body, _rev: "<rev>" }).toEqual({ ...(namedExample("hdap-bjensen-patched") as object), _rev: "<rev>" });
  });

  it("add joins a multi-valued attribute's set (duplicates by its matching rule ignored) and replaces a single value", async () => {
    const after = await patched([
      { operation: "add", field: "/telephoneNumber", value: ["+1 408 555 1213", "+1-408-555-1862"] },
      { operation: "add", field: "mail", value: "BJENSEN@example.com" },
      { operation: "add", field: "displayName", value: "Babs" },
      { operation: "add", field: "displayName", value: "Barbara" },
    ]);
    expect(after["telephoneNumber"]).toEqual(["+1 408 555 1862", "+1 408 555 1213"]);
    expect(after["mail"]).toEqual(["bjensen@example.com"]);
    expect(after["displayName"]).toBe("Barbara");
  });

  it("remove takes listed values, ignores values the attribute lacks, and without a value drops the attribute", async () => {
    const after = await patched([
      { operation: "remove", field: "cn", value: "BABS JENSEN" },
      { operation: "remove", field: "cn", value: ["Nobody"] },
      { operation: "remove", field: "/description" },
      { operation: "remove", field: "roomNumber", value: null },
    ]);
    expect(after["cn"]).toEqual(["Barbara Jensen"]);
    expect(after).not.toHaveProperty("description");
    expect(after).not.toHaveProperty("roomNumber");
  });

  it("remove with a value on a single-valued attribute removes it only if equal", async () => {
    expect(
      (await patched([{ operation: "remove", field: "homeDirectory", value: "/home/other" }]))["homeDirectory"],
    ).toBe("/home/bjensen");
    await hdap.json("PUT", BJENSEN, { displayName: "Babs" }, AS_KVAUGHAN);
    expect(await patched([{ operation: "remove", field: "displayName", value: "babs" }])).not.toHaveProperty(
      "displayName",
    );
  });

  it("replace sets the values (a scalar for a multi-valued attribute becomes an array); [] removes", async () => {
    const after = await patched([
      { operation: "replace", field: "l", value: "Cupertino" },
      { operation: "replace", field: "roomNumber", value: [] },
      { operation: "replace", field: "photo", value: [PHOTO] },
    ]);
    expect(after["l"]).toEqual(["Cupertino"]);
    expect(after).not.toHaveProperty("roomNumber");
    expect(after["photo"]).toEqual([PHOTO]);
  });

  it("increments numbers, also by a negative value", async () => {
    expect((await patched([{ operation: "increment", field: "gidNumber", value: 5 }]))["gidNumber"]).toBe(1005);
    expect((await patched([{ operation: "increment", field: "/uidNumber", value: -76 }]))["uidNumber"]).toBe(1000);
  });

  it("refuses to increment a string, a missing attribute, or an integer by a fraction (400, entry unchanged)", async () => {
    const before = await hdap.read(BJENSEN);
    for (const operation of [
      { operation: "increment", field: "cn", value: 1 },
      { operation: "increment", field: "employeeNumber", value: 1 },
      { operation: "increment", field: "gidNumber", value: 0.5 },
    ]) {
      const response = await patch([operation]);
      expect(response.status, operation.field).toBe(400);
      await errorBody(response);
    }
    expect((await patch([{ operation: "increment", field: "gidNumber", value: "1" }])).status).toBe(400);
    expect(await hdap.read(BJENSEN)).toEqual(before);
  });

  it("checks base64 in patch values itself and applies nothing when any operation fails", async () => {
    const before = await hdap.read(BJENSEN);
    for (const value of ["not base64!", [PHOTO, "QR=="], "QR=="]) {
      const response = await patch([
        { operation: "replace", field: "description", value: "changed first" },
        { operation: "add", field: "jpegPhoto", value },
      ]);
      expect(response.status).toBe(400);
      expect((await errorBody(response)).message).toContain("jpegPhoto is not valid base64");
    }
    expect((await patch([{ operation: "replace", field: "userCertificate", value: "%%%%" }])).status).toBe(400);
    expect(await hdap.read(BJENSEN)).toEqual(before);
  });

  it("refuses array indexes, pointers into an attribute, HDAP's own fields and unsupported operations", async () => {
    const before = await hdap.read(BJENSEN);
    for (const operations of [
      [{ operation: "remove", field: "/mail/0" }],
      [{ operation: "add", field: "/mail/primary", value: "x@example.com" }],
      [{ operation: "replace", field: "_id", value: `${PEOPLE}/uid=other` }],
      [{ operation: "copy", from: "/mail", field: "/description" }],
      [{ operation: "move", from: "/mail", field: "/description" }],
      [{ operation: "add", field: "/mail" }],
      [{ operation: "add", field: "/mail", value: [] }],
      [],
      { operation: "add", field: "/mail", value: "x@example.com" },
    ]) {
      const response = await patch(operations);
      expect(response.status, JSON.stringify(operations)).toBe(400);
      await errorBody(response);
    }
    expect(await hdap.read(BJENSEN)).toEqual(before);
  });

  it("keeps the schema rules: the RDN value and required attributes stay", async () => {
    expect((await errorBody(await patch([{ operation: "remove", field: "uid", value: "bjensen" }]))).message).toMatch(
      /^Not Allowed on RDN/,
    );
    expect((await errorBody(await patch([{ operation: "remove", field: "sn" }]))).message).toMatch(
      /^Object Class Violation/,
    );
  });

  it("checks a patched password against the policy", async () => {
    const response = await patch([{ operation: "replace", field: "userPassword", value: "short" }]);
    expect(response.status).toBe(400);
    expect((await errorBody(response)).message).toMatch(/^Constraint Violation/);
  });

  it("patches only the listed revision with If-Match, and answers 404 for a missing entry", async () => {
    const operation = [{ operation: "add", field: "description", value: "x" }];
    expect((await hdap.json("PATCH", BJENSEN, operation, { ...AS_KVAUGHAN, "if-match": "old" })).status).toBe(412);
    const { _rev: rev } = await hdap.read(BJENSEN);
    expect((await hdap.json("PATCH", BJENSEN, operation, { ...AS_KVAUGHAN, "if-match": String(rev) })).status).toBe(
      200,
    );
    expect((await patch(operation, `${PEOPLE}/uid=nobody`)).status).toBe(404);
  });

  it("lets an account patch its own entry, not another's, and nobody anonymously", async () => {
    const operation = [{ operation: "replace", field: "description", value: "mine" }];
    expect((await patch(operation, BJENSEN, AS_BJENSEN)).status).toBe(200);
    const other = await patch(operation, KVAUGHAN, AS_BJENSEN);
    expect(other.status).toBe(403);
    expect((await errorBody(other)).message).toBe(
      "Insufficient Access Rights: The entry uid=kvaughan,ou=People,dc=example,dc=com cannot be modified due to insufficient access rights",
    );
    expect((await patch(operation, BJENSEN, {})).status).toBe(401);
    expect(await hdap.read(KVAUGHAN)).not.toHaveProperty("description");
  });

  it("with dryRun=true answers the patched entry without storing it", async () => {
    const response = await patch(
      [{ operation: "replace", field: "description", value: "dry" }],
      `${BJENSEN}?dryRun=true`,
    );
    expect((await response.json()).description).toEqual(["dry"]);
    expect((await hdap.read(BJENSEN))["description"]).toEqual(["Original description"]);
  });
});
