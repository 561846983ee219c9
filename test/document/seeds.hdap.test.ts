import { describe, expect, it } from "vitest";
import { router, validator } from "../support/document.ts";

// Seed 000 (PingDS 8.1 "Binary resources"): kvaughan PUTs a base64 JPEG as Babs Jensen's `photo`, then reads it
// back with `?_fields=photo&_prettyPrint=true`. The bodies are copied from the seed; the read's `_rev` is the
// seed's `<revision>` placeholder, filled here with a realistic value.
const PHOTO =
  "/9j/4AAQSkZJRgABAQEAYABgAAD/4QAWRXhpZgAASUkqAAgAAAAAAAAAAAD/2wBDAAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/2wBDAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/wAARCAABAAEDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAr/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAAAP/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AL+AAf/Z";
const BJENSEN = "dc=com/dc=example/ou=People/uid=bjensen";
const KVAUGHAN = "dc=com/dc=example/ou=People/uid=kvaughan";
const SEED_PUT_BODY = { photo: PHOTO };
const SEED_READ_OUTPUT = {
  _id: "dc=com/dc=example/ou=People/uid=bjensen",
  _rev: "5e4c0e36-9a87-3f2b-8c55-6f1d2a7b9e40",
  photo: [PHOTO],
};
// `curl --user dc=com/dc=example/ou=People/uid=kvaughan:bribery`
const KVAUGHAN_BASIC = `Basic ${Buffer.from(`${KVAUGHAN}:bribery`).toString("base64")}`;

function operationAt(method: string, path: string) {
  const match = router.match(method, path);
  if (match.kind !== "operation") {
    throw new Error(`${method} ${path} does not route: ${match.kind}`);
  }
  return match;
}

describe("seed 000: HDAP binary resources, PUT of a base64 photo", () => {
  const put = () => operationAt("PUT", `/hdap/${BJENSEN}`);

  it("routes PUT /hdap/dc=com/dc=example/ou=People/uid=bjensen to hdapUpdateOrCreate with the whole DN path", () => {
    expect(put().entry.operation.operationId).toBe("hdapUpdateOrCreate");
    expect(put().params).toEqual({ dnPath: BJENSEN });
  });

  it("accepts the seed's headers and its {photo: <base64>} body, a single string for a multi-valued attribute", () => {
    const { entry, params } = put();
    const headers = new Headers({ "Content-Type": "application/json", Authorization: KVAUGHAN_BASIC });
    expect(validator.validateParameters(entry, { path: params, query: new URLSearchParams(), headers })).toEqual([]);
    expect(validator.validateRequestBody(entry, "application/json", SEED_PUT_BODY)).toEqual([]);
  });

  it("validates the entry shape of the seed's read output as the PUT 200 answer", () => {
    expect(validator.validateResponse(put().entry, 200, "application/json", SEED_READ_OUTPUT)).toEqual([]);
  });

  it("rejects a photo that is not base64, in the request and in the answer", () => {
    const { entry } = put();
    expect(validator.validateRequestBody(entry, "application/json", { photo: "not base64: a JPEG!" })).not.toEqual([]);
    expect(validator.validateRequestBody(entry, "application/json", { photo: [PHOTO, "%%%"] })).not.toEqual([]);
    const badAnswer = { ...SEED_READ_OUTPUT, photo: ["/9j/4AAQ SkZJRg=="] };
    expect(validator.validateResponse(entry, 200, "application/json", badAnswer)).not.toEqual([]);
  });

  it("accepts If-None-Match: * (create only) and rejects any other If-None-Match value, as HDAP answers 400", () => {
    const { entry, params } = put();
    const query = new URLSearchParams();
    const star = new Headers({ "If-None-Match": "*" });
    expect(validator.validateParameters(entry, { path: params, query, headers: star })).toEqual([]);
    const revision = new Headers({ "If-None-Match": SEED_READ_OUTPUT._rev });
    expect(validator.validateParameters(entry, { path: params, query, headers: revision })).not.toEqual([]);
  });
});

describe("seed 000: HDAP binary resources, read of the photo", () => {
  const get = () => operationAt("GET", `/hdap/${BJENSEN}`);

  it("routes GET .../uid=bjensen to hdapReadOrQuery and accepts ?_fields=photo&_prettyPrint=true", () => {
    const { entry, params } = get();
    expect(entry.operation.operationId).toBe("hdapReadOrQuery");
    const query = new URLSearchParams("_fields=photo&_prettyPrint=true");
    const headers = new Headers({ Authorization: KVAUGHAN_BASIC });
    expect(validator.validateParameters(entry, { path: params, query, headers })).toEqual([]);
  });

  it("validates the seed's output, whose photo is an array although the PUT sent one string", () => {
    expect(Array.isArray(SEED_READ_OUTPUT.photo)).toBe(true);
    expect(validator.validateResponse(get().entry, 200, "application/json", SEED_READ_OUTPUT)).toEqual([]);
  });

  it("would catch a read answer with a scalar photo or without _id", () => {
    const { entry } = get();
    const scalarPhoto = { ...SEED_READ_OUTPUT, photo: PHOTO };
    expect(validator.validateResponse(entry, 200, "application/json", scalarPhoto)).not.toEqual([]);
    const { _id: _, ...withoutId } = SEED_READ_OUTPUT;
    expect(validator.validateResponse(entry, 200, "application/json", withoutId)).not.toEqual([]);
  });

  it("rejects a _prettyPrint that is not a boolean and a scope outside base|one|sub|subordinates", () => {
    const { entry, params } = get();
    const headers = new Headers();
    const badPretty = new URLSearchParams("_fields=photo&_prettyPrint=yes");
    expect(validator.validateParameters(entry, { path: params, query: badPretty, headers })).not.toEqual([]);
    const badScope = new URLSearchParams("_queryFilter=true&scope=children");
    expect(validator.validateParameters(entry, { path: params, query: badScope, headers })).not.toEqual([]);
  });
});

describe("the issue's HDAP requests beyond the seed", () => {
  it("keeps a %2F inside an RDN value as part of one multi-segment dnPath", () => {
    const match = operationAt("GET", "/hdap/dc=com/dc=example/ou=People/cn=Babs%2FJensen");
    expect(match.entry.operation.operationId).toBe("hdapReadOrQuery");
    expect(match.rawParams["dnPath"]).toBe("dc=com/dc=example/ou=People/cn=Babs%2FJensen");
  });

  it("validates a query of ou=People and its result envelope (result, not the prose's results)", () => {
    const { entry, params } = operationAt("GET", "/hdap/dc=com/dc=example/ou=People");
    const query = new URLSearchParams(
      "_queryFilter=true&_fields=cn&scope=one&_pageSize=1&_totalPagedResultsPolicy=EXACT",
    );
    expect(validator.validateParameters(entry, { path: params, query, headers: new Headers() })).toEqual([]);
    const page = {
      result: [{ _id: BJENSEN, _rev: SEED_READ_OUTPUT._rev, cn: ["Barbara Jensen", "Babs Jensen"] }],
      resultCount: 1,
      pagedResultsCookie: "AAAAAAAAABE=",
      totalPagedResultsPolicy: "EXACT",
      totalPagedResults: 2,
      remainingPagedResults: -1,
    };
    expect(validator.validateResponse(entry, 200, "application/json", page)).toEqual([]);
    const { result, ...rest } = page;
    expect(validator.validateResponse(entry, 200, "application/json", { ...rest, results: result })).not.toEqual([]);
  });

  it("validates kvaughan's authenticate request and a token answer whose expires_in is a string of digits", () => {
    const { entry, params } = operationAt("POST", `/hdap/${KVAUGHAN}`);
    expect(entry.operation.operationId).toBe("hdapCreateOrAction");
    const query = new URLSearchParams("_action=authenticate");
    expect(validator.validateParameters(entry, { path: params, query, headers: new Headers() })).toEqual([]);
    expect(validator.validateRequestBody(entry, "application/json", { password: "bribery" })).toEqual([]);
    const token = {
      access_token: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJrdiJ9.c2ln",
      token_type: "Bearer",
      expires_in: "299",
    };
    expect(validator.validateResponse(entry, 200, "application/json", token)).toEqual([]);
    expect(validator.validateResponse(entry, 200, "application/json", { ...token, expires_in: 299 })).not.toEqual([]);
    const unknownAction = new URLSearchParams("_action=login");
    expect(
      validator.validateParameters(entry, { path: params, query: unknownAction, headers: new Headers() }),
    ).not.toEqual([]);
  });

  it("declares 412 on writes and 304 without a body on reads", () => {
    const put = operationAt("PUT", `/hdap/${BJENSEN}`).entry;
    const error = { code: 412, reason: "Precondition Failed", message: "Assertion Failed" };
    expect(validator.validateResponse(put, 412, "application/json", error)).toEqual([]);
    expect(validator.validateResponse(put, 412, "application/json", { ...error, code: "412" })).not.toEqual([]);
    const get = operationAt("GET", `/hdap/${BJENSEN}`).entry;
    expect(validator.validateResponse(get, 304, null, undefined)).toEqual([]);
    expect(validator.validateResponse(get, 304, "application/json", SEED_READ_OUTPUT)).not.toEqual([]);
  });
});
