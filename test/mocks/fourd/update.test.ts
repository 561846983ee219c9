import { namedExample, namedExampleBytes } from "bytewire/mocks";
import { beforeEach, describe, expect, it } from "vitest";
import { errCodes, Harness, JPEG, ORIGIN } from "./harness.ts";

let h: Harness;
let cookie: string;

beforeEach(async () => {
  h = new Harness();
  cookie = await h.login();
});

const PNG = namedExampleBytes("fourd-employee-photo-png");
const PDF = namedExampleBytes("fourd-contract-pdf");

async function stored(path: string): Promise<Record<string, unknown>> {
  return (await h.get(path)).json();
}

describe("4D mock: $upload then $method=update", () => {
  it("assigns an uploaded picture: the stamp and the picture's $version grow, and the new bytes download", async () => {
    const upload = await h.upload(PNG, cookie, "image/png", "$rawPict=true");
    expect(upload.status).toBe(200);
    const { ID } = await upload.json();
    expect(ID).toMatch(/^[0-9A-F]{32}$/);
    h.clock += 5_000;
    const response = await h.update("User", { __KEY: "5", __STAMP: 4, profilePicture: { ID } }, cookie);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ...(namedExample("fourd-updated-user") as object),
      __TIMESTAMP: "2026-11-22T10:00:05.000Z",
    });
    const download = await h.get("/User(5)/profilePicture?$imageformat=best&$version=5&$expand=profilePicture");
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(download.headers.get("content-disposition")).toBe("attachment; filename=profilePicture.png");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PNG);
    expect(await stored("/User(5)")).toMatchObject({ __STAMP: 5, __TIMESTAMP: "2026-11-22T10:00:05.000Z" });
  });

  it("takes POST /rest/Employee/?$method=update, with the slash 4D's documentation writes, like the form without", async () => {
    const response = await h.send("/Employee/?$method=update", {
      method: "POST",
      body: JSON.stringify({ __KEY: "1", __STAMP: 1, lastName: "Smyth" }),
      headers: { "content-type": "application/json", cookie },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ __KEY: "1", __STAMP: 2, lastName: "Smyth" });
    expect(await stored("/Employee(1)")).toMatchObject({ lastName: "Smyth" });
    const listed = await h.get("/Employee/?$filter=\"lastName='Smyth'\"");
    expect(listed.status).toBe(200);
    expect((await listed.json()).__COUNT).toBe(1);
  });

  it("assigns a BLOB with __STAMP sent as a string, keeping the type it was uploaded with", async () => {
    const ID = await h.uploadId(PDF, cookie, "application/pdf");
    const response = await h.update("Documents", { __KEY: "42", __STAMP: "3", contract: { ID } }, cookie);
    const { __TIMESTAMP: _timestamp, ...expected } = namedExample("fourd-updated-document") as Record<string, unknown>;
    expect(await response.json()).toMatchObject(expected);
    const download = await h.get("/Documents(42)/contract?$binary=true&$expand=contract");
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);
  });

  it("stores any upload in a BLOB (a picture too) and serves it with its type", async () => {
    const ID = await h.uploadId(PNG, cookie, "image/png", "$rawPict=true");
    await h.update("Documents", { __KEY: 42, __STAMP: 3, contract: { ID } }, cookie);
    const download = await h.get("/Documents(42)/contract?$binary=true&$expand=contract");
    expect(download.headers.get("content-disposition")).toBe("attachment; filename=contract.png");
    const octets = await h.uploadId(PDF, cookie);
    await h.update("Documents", { __KEY: 43, __STAMP: 1, contract: { ID: octets } }, cookie);
    const generic = await h.get("/Documents(43)/contract?$binary=true&$expand=contract");
    expect(generic.headers.get("content-type")).toBe("application/octet-stream");
    expect(generic.headers.get("content-disposition")).toBe("attachment; filename=contract.bin");
  });

  it("reads a picture's type from its bytes, TIFF included, whatever the upload's Content-Type says", async () => {
    const tiff = namedExampleBytes("fourd-photo-tiff");
    const ID = await h.uploadId(tiff, cookie, "application/octet-stream", "$binary=true");
    await h.update("Employee", { __KEY: "2", __STAMP: 2, photo: { ID } }, cookie);
    const download = await h.get("/Employee(2)/photo?$imageformat=TIFF&$expand=photo");
    expect(download.headers.get("content-type")).toBe("image/tiff");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(tiff);
  });

  it("refuses a file that is not a picture for a picture attribute, inline (1569, 1570, 1517), saving nothing", async () => {
    const ID = await h.uploadId(PDF, cookie, "image/jpeg", "$rawPict=true");
    const response = await h.update(
      "User",
      { __KEY: "5", __STAMP: 4, firstName: "Eve", profilePicture: { ID } },
      cookie,
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(errCodes(body)).toEqual([1569, 1570, 1517]);
    expect(body).toMatchObject({ __KEY: "5", __STAMP: 4, firstName: "Ada" });
    expect(await stored("/User(5)")).toEqual(namedExample("fourd-user-entity"));
  });

  it("answers a stale stamp inline at 200: the entity as stored, __STATUS and 1263/1046/1517; the upload stays usable", async () => {
    const ID = await h.uploadId(namedExampleBytes(JPEG), cookie, "image/jpeg", "$rawPict=true");
    const stale = await h.update("User", { __KEY: "5", __STAMP: 3, profilePicture: { ID } }, cookie);
    expect(stale.status).toBe(200);
    const body = await stale.json();
    expect(body.__STATUS).toEqual({ status: 2, statusText: "Stamp has changed", success: false });
    expect(body.__ERROR).toEqual([
      {
        message: "Given stamp does not match current one for record# 4 of table User",
        componentSignature: "dbmg",
        errCode: 1263,
      },
      { message: "Cannot save record 4 in table User of database bytewire", componentSignature: "dbmg", errCode: 1046 },
      { message: 'The entity# 5 in the "User" dataclass cannot be saved', componentSignature: "dbmg", errCode: 1517 },
    ]);
    expect(body).toMatchObject({ __KEY: "5", __STAMP: 4, lastName: "Moreau" });
    expect((await stored("/User(5)"))["__STAMP"]).toBe(4);
    const retry = await h.update("User", { __KEY: "5", __STAMP: 4, profilePicture: { ID } }, cookie);
    expect((await retry.json()).__STAMP).toBe(5);
  });

  it("uses an upload ID once: assigning it again is the 1517 'does not exist or has expired' error", async () => {
    const ID = await h.uploadId(PNG, cookie, "image/png", "$rawPict=true");
    await h.update("Employee", { __KEY: "2", __STAMP: 2, photo: { ID } }, cookie);
    const again = await (await h.update("Employee", { __KEY: "1", __STAMP: 1, photo: { ID } }, cookie)).json();
    expect(again.__ERROR).toEqual([
      { message: `The upload ${ID} does not exist or has expired`, componentSignature: "dbmg", errCode: 1517 },
    ]);
    expect(again.__STAMP).toBe(1);
  });

  it("expires an upload after $timeout seconds (120 by default)", async () => {
    const short = await (
      await h.send("/$upload?$binary=true&$timeout=1", {
        method: "POST",
        body: PDF,
        headers: { cookie, "content-type": "application/pdf" },
      })
    ).json();
    const standard = await h.uploadId(PDF, cookie, "application/pdf");
    h.clock += 1_001;
    const late = await (await h.update("Documents", { __KEY: "42", __STAMP: 3, contract: short }, cookie)).json();
    expect(errCodes(late)).toEqual([1517]);
    h.clock += 118_999;
    const onTime = await h.update("Documents", { __KEY: "42", __STAMP: 3, contract: { ID: standard } }, cookie);
    expect((await onTime.json()).__STAMP).toBe(4);
    const other = await h.uploadId(PDF, cookie, "application/pdf");
    h.clock += 120_001;
    const expired = await (
      await h.update("Documents", { __KEY: "42", __STAMP: 4, contract: { ID: other } }, cookie)
    ).json();
    expect(expired.__ERROR[0].message).toBe(`The upload ${other} does not exist or has expired`);
  });

  it("clears a picture with null, and answers an unknown upload ID as the document's example shows", async () => {
    const cleared = await (await h.update("User", { __KEY: "5", __STAMP: 4, profilePicture: null }, cookie)).json();
    expect(cleared).toMatchObject({ __STAMP: 5, profilePicture: null });
    const unknown = await (
      await h.update(
        "User",
        { __KEY: "5", __STAMP: 5, profilePicture: { ID: "D507BC03E613487E9B4C2F6A0512FE50" } },
        cookie,
      )
    ).json();
    expect(unknown.__ERROR).toEqual((namedExample("fourd-error-upload-expired") as { __ERROR: unknown }).__ERROR);
  });
});

describe("4D mock: creating and updating entities", () => {
  it("creates an entity without __KEY and __STAMP: the next key (Employee 3), stamp 1", async () => {
    h.clock = Date.parse("2024-05-21T10:07:45.000Z");
    const response = await h.update("Employee", namedExample("fourd-create-employee"), cookie);
    expect(await response.json()).toEqual(namedExample("fourd-created-employee"));
    expect(await stored("/Employee(3)")).toMatchObject({ __STAMP: 1, firstName: "Ann", photo: null });
  });

  it("creates with an uploaded picture, or with a free key; a taken key fails with 1569/1570/1534", async () => {
    const ID = await h.uploadId(PNG, cookie, "image/png", "$rawPict=true");
    const created = await (await h.update("Employee", { firstName: "Li", photo: { ID } }, cookie)).json();
    expect(created.photo.__deferred.uri).toBe("/rest/Employee(3)/photo?$imageformat=best&$version=1&$expand=photo");
    const keyed = await (await h.update("Employee", { ID: 10, lastName: "Ng" }, cookie)).json();
    expect(keyed).toMatchObject({ __KEY: "10", ID: 10, uri: `${ORIGIN}/rest/Employee(10)` });
    expect((await (await h.update("Employee", { lastName: "Next" }, cookie)).json()).__KEY).toBe("11");
    const taken = await (await h.update("Employee", { ID: 1, lastName: "Twin" }, cookie)).json();
    expect(errCodes(taken)).toEqual([1569, 1570, 1534]);
    expect(taken.__ERROR[2].message).toBe('The new entity of the "Employee" dataclass cannot be saved');
    expect((await stored("/Employee(1)"))["lastName"]).toBe("Smith");
  });

  it("answers entity failures inline at 200: unknown key, unknown attribute, wrong types, a changed key", async () => {
    const unknown = await (await h.update("User", { __KEY: "999", __STAMP: 1, firstName: "X" }, cookie)).json();
    expect(unknown).toEqual({
      __KEY: "999",
      __ERROR: [expect.objectContaining({ errCode: 1542 }), expect.objectContaining({ errCode: 1517 })],
    });
    const attribute = await (await h.update("User", { __KEY: "6", __STAMP: 1, nickname: "B" }, cookie)).json();
    expect(errCodes(attribute)).toEqual([1500, 1517]);
    for (const change of [{ firstName: 5 }, { department: ["HR"] }, { profilePicture: "picture.png" }, { ID: 7 }]) {
      const failed = await (await h.update("User", { __KEY: "6", __STAMP: 1, ...change }, cookie)).json();
      expect(errCodes(failed), JSON.stringify(change)).toEqual([1569, 1570, 1517]);
    }
    expect(await stored("/User(6)")).toMatchObject({ __STAMP: 1, firstName: "Bruno", department: "HR" });
  });

  it("ignores 4D's own fields and uri sent back, and accepts a numeric string for a number", async () => {
    const entity = await stored("/Employee(2)");
    const saved = await (await h.update("Employee", { ...entity, uri: "x", lastName: "Mendes-Lopes" }, cookie)).json();
    expect(saved).toMatchObject({ __STAMP: 3, lastName: "Mendes-Lopes", ID: 2 });
    const person = new Harness({ dataClasses: [{ name: "Item", attributes: { price: "number", sold: "boolean" } }] });
    const session = await person.login();
    const item = await (await person.update("Item", { price: "12.5", sold: false }, session)).json();
    expect(item).toMatchObject({ __KEY: "1", price: 12.5, sold: false });
  });

  it("saves an array entity by entity: the document's 'one saved, one stale' answer", async () => {
    const response = await h.update(
      "User",
      [
        { __KEY: "5", __STAMP: 4, department: "Finance" },
        { __KEY: "6", __STAMP: 7, department: "Finance" },
      ],
      cookie,
    );
    const body = await response.json();
    expect(body.__ENTITIES).toHaveLength(2);
    expect(body.__ENTITIES[0]).toMatchObject({ __KEY: "5", __STAMP: 5, department: "Finance" });
    expect(body.__ENTITIES[0].__ERROR).toBeUndefined();
    expect(body.__ENTITIES[1]).toMatchObject({
      __KEY: "6",
      __STAMP: 1,
      department: "HR",
      __STATUS: { success: false },
    });
    expect(errCodes(body.__ENTITIES[1])).toEqual([1263, 1046, 1517]);
    expect(body.__ENTITIES[1].__ERROR[0].message).toContain("record# 5 of table User");
    expect((await stored("/User(5)"))["department"]).toBe("Finance");
  });

  it("lets an array update the same entity twice with successive stamps", async () => {
    const body = await (
      await h.update(
        "User",
        [
          { __KEY: "6", __STAMP: 1, firstName: "B." },
          { __KEY: "6", __STAMP: 2, lastName: "K." },
        ],
        cookie,
      )
    ).json();
    expect(body.__ENTITIES.map((entity: { __STAMP: number }) => entity.__STAMP)).toEqual([2, 3]);
    expect(await stored("/User(6)")).toMatchObject({ firstName: "B.", lastName: "K.", __STAMP: 3 });
  });

  it("with $atomic=true (or $atonce) cancels every save when one fails, created entities and used uploads included", async () => {
    const ID = await h.uploadId(PNG, cookie, "image/png", "$rawPict=true");
    for (const flag of ["&$atomic=true", "&$atonce=true"]) {
      const body = await (
        await h.update(
          "Employee",
          [
            { __KEY: "2", __STAMP: 2, photo: { ID } },
            { firstName: "Ann" },
            { __KEY: "1", __STAMP: 9, lastName: "Stale" },
          ],
          cookie,
          flag,
        )
      ).json();
      expect(body.__ENTITIES.map(errCodes)).toEqual([[1517], [1534], [1263, 1046, 1517]]);
      expect(body.__ENTITIES[0]).toMatchObject({ __KEY: "2", __STAMP: 2, photo: null });
      expect(body.__ENTITIES[0].__ERROR[0].message).toContain("$atomic cancelled the transaction");
      expect(body.__ENTITIES[1]).toEqual({ __ERROR: [expect.objectContaining({ errCode: 1534 })] });
      expect((await h.get("/Employee(3)")).status).toBe(404);
      expect((await stored("/Employee(2)"))["__STAMP"]).toBe(2);
    }
    const created = await (await h.update("Employee", { firstName: "Ann", photo: { ID } }, cookie)).json();
    expect(created).toMatchObject({ __KEY: "3", photo: { __deferred: { image: true } } });
  });

  it("with $atomic=true saves everything when nothing fails", async () => {
    const body = await (
      await h.update(
        "User",
        [{ __KEY: "1", __STAMP: 2, department: "IT" }, { firstName: "Zoe" }],
        cookie,
        "&$atomic=true",
      )
    ).json();
    expect(body.__ENTITIES.map((entity: { __KEY: string }) => entity.__KEY)).toEqual(["1", "7"]);
    expect(body.__ENTITIES.some((entity: object) => "__ERROR" in entity)).toBe(false);
  });

  it("refuses __KEY without __STAMP (and the reverse) for the whole request with 400 errCode 1806", async () => {
    for (const body of [
      { __KEY: "6", firstName: "X" },
      { __STAMP: 1, firstName: "X" },
      [{ firstName: "ok" }, { __KEY: "6" }],
    ]) {
      const response = await h.update("User", body, cookie);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const error = await response.json();
      expect(errCodes(error)).toEqual([1806]);
      expect(error.__ERROR[0].message).toMatch(/__(KEY|STAMP)/);
    }
    expect((await h.get("/User(7)")).status).toBe(404);
    expect((await stored("/User(6)"))["firstName"]).toBe("Bruno");
  });

  it("refuses bodies that are not entities, bad JSON, other methods and unknown dataclasses", async () => {
    for (const body of [[], 5, "text", [5], null]) {
      const response = await h.update("User", body, cookie);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(errCodes(await response.json())).toEqual([1806]);
    }
    const notJson = await h.send("/User?$method=update", {
      method: "POST",
      body: "{",
      headers: { cookie, "content-type": "application/json" },
    });
    expect(await notJson.json()).toEqual({
      __ERROR: [{ message: "The request body is not valid JSON.", componentSignature: "dbmg", errCode: 1806 }],
    });
    const text = await h.send("/User?$method=update", {
      method: "POST",
      body: "a=b",
      headers: { cookie, "content-type": "text/plain" },
    });
    expect(text.status).toBe(400);
    expect(errCodes(await text.json())).toEqual([1806]);
    expect(
      (
        await h.send("/User?$method=delete", {
          method: "POST",
          body: "{}",
          headers: { cookie, "content-type": "application/json" },
        })
      ).status,
    ).toBe(400);
    expect(
      (await h.send("/User", { method: "POST", body: "{}", headers: { cookie, "content-type": "application/json" } }))
        .status,
    ).toBe(400);
    const nowhere = await h.update("Invoice", { title: "x" }, cookie);
    expect(nowhere.status).toBe(404);
    expect(errCodes(await nowhere.json())).toEqual([1800]);
    expect((await (await h.get("/User")).json()).__COUNT).toBe(6);
  });
});
