import { beforeEach, describe, expect, it } from "vitest";
import { AS_KVAUGHAN, BJENSEN, errorBody, HdapHarness, PHOTO } from "./harness.ts";

let hdap = new HdapHarness();
beforeEach(() => {
  hdap = new HdapHarness();
});

describe("HDAP mock: malformed requests", () => {
  it("answers bad JSON with 400 in the HdapError shape and changes nothing", async () => {
    const before = await hdap.read(BJENSEN);
    const response = await hdap.send(BJENSEN, {
      method: "PUT",
      body: '{"description": "unterminated',
      headers: { ...AS_KVAUGHAN, "content-type": "application/json" },
    });
    expect(response.status).toBe(400);
    expect(await errorBody(response)).toEqual({
      code: 400,
      reason: "Bad Request",
      message: "The request body is not valid JSON.",
    });
    expect(await hdap.read(BJENSEN)).toEqual(before);
  });

  it("answers a body of another media type with 400, since the document declares no 415 for HDAP", async () => {
    const response = await hdap.send(BJENSEN, {
      method: "PUT",
      body: "description=x",
      headers: { ...AS_KVAUGHAN, "content-type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(400);
    expect((await errorBody(response)).message).toContain("Content-Type");
  });

  it("answers a missing body and a body that is not an object with 400", async () => {
    expect((await hdap.send(BJENSEN, { method: "PUT", headers: AS_KVAUGHAN })).status).toBe(400);
    expect((await hdap.json("PUT", BJENSEN, ["description"], AS_KVAUGHAN)).status).toBe(400);
    expect((await hdap.json("PUT", BJENSEN, "description", AS_KVAUGHAN)).status).toBe(400);
    expect((await hdap.json("POST", `${BJENSEN}?_action=authenticate`, null)).status).toBe(400);
  });

  it("refuses a body over maxBodyBytes with 400 (HDAP's 413 means a query size limit) and stores nothing", async () => {
    hdap = new HdapHarness({ maxBodyBytes: 1024 });
    const before = await hdap.read(BJENSEN);
    const large = { photo: Buffer.alloc(2048, 0xff).toString("base64") };
    const response = await hdap.json("PUT", BJENSEN, large, AS_KVAUGHAN);
    expect(response.status).toBe(400);
    expect((await errorBody(response)).message).toContain("larger than the limit of 1024 bytes");
    expect(await hdap.read(BJENSEN)).toEqual(before);
    expect((await hdap.json("PUT", BJENSEN, { photo: PHOTO }, AS_KVAUGHAN)).status).toBe(200);
  });

  it("answers parameters of the wrong type with 400", async () => {
    for (const query of [
      "_prettyPrint=maybe",
      "_queryFilter=true&_pageSize=-1",
      "_queryFilter=true&scope=everything",
      "_fields=",
    ]) {
      const response = await hdap.get(`${BJENSEN}?${query}`);
      expect(response.status, query).toBe(400);
      await errorBody(response);
    }
    expect((await hdap.json("PUT", `${BJENSEN}?dryRun=yes`, { description: "x" }, AS_KVAUGHAN)).status).toBe(400);
  });

  it("answers a method the path does not have with 405 and Allow, in the HdapError shape", async () => {
    const response = await hdap.send(BJENSEN, { method: "OPTIONS" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, PUT, POST, DELETE, PATCH");
    expect(await errorBody(response)).toMatchObject({ reason: "Method Not Allowed" });
  });

  it("pretty-prints errors too when _prettyPrint=true", async () => {
    const response = await hdap.get("dc=com/dc=example/ou=People/uid=nobody?_prettyPrint=true");
    expect(await response.text()).toBe(
      [
        "{",
        '  "code" : 404,',
        '  "reason" : "Not Found",',
        '  "message" : "No Such Entry: The entry uid=nobody,ou=People,dc=example,dc=com does not exist"',
        "}",
      ].join("\n"),
    );
  });
});
