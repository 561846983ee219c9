import {
  type HdapEntryWrite,
  type HdapRdn,
  isApiError,
  isHdapErrorBody,
  parseDn,
  pathToDn,
  type RequestLogEntry,
} from "bytewire/hdap";
import { createHdapMock } from "bytewire/mocks";
import { describe, expect, it } from "vitest";
import { useMockedApis } from "../../support/msw.ts";
import {
  BASE_URL,
  BJENSEN_DN,
  BJENSEN_PATH,
  hdapClient,
  KVAUGHAN_PASSWORD_AUTH,
  mswFetch,
  PEOPLE_DN,
  recordingFetch,
} from "./support.ts";

useMockedApis(() => [createHdapMock()]);

const PERSON = ["top", "person", "organizationalPerson", "inetOrgPerson"];

async function rejection(promise: Promise<unknown>): Promise<Error & { status?: number; code?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { status?: number; code?: unknown };
  }
  throw new Error("expected the call to fail");
}

describe("get", () => {
  it("reads an entry anonymously, by DN, RDNs or path, with _fields as a comma list", async () => {
    const { sent, fetch } = recordingFetch();
    const hdap = hdapClient({ fetch });
    const entry = await hdap.get(BJENSEN_DN, { fields: ["cn", "mail"] });
    expect(entry).toEqual({
      _id: BJENSEN_PATH,
      _rev: expect.any(String),
      cn: ["Barbara Jensen", "Babs Jensen"],
      mail: ["bjensen@example.com"],
    });
    expect(sent[0]?.url).toBe(`${BASE_URL}/hdap/${BJENSEN_PATH}?_fields=cn%2Cmail`);
    expect(sent[0]?.headers.has("authorization")).toBe(false);
    expect(await hdap.get({ path: BJENSEN_PATH }, { fields: ["uid"] })).toMatchObject({ uid: ["bjensen"] });
    expect(await hdap.get(parseDn(BJENSEN_DN), { fields: ["sn"] })).toMatchObject({ sn: ["Jensen"] });
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((request) => new URL(request.url).pathname))).toEqual(new Set([`/hdap/${BJENSEN_PATH}`]));
  });

  it("throws ApiError with HDAP's numeric code, reason and message for a missing entry", async () => {
    const error = await rejection(hdapClient().get(`uid=nobody,${PEOPLE_DN}`));
    expect(isApiError(error) && isHdapErrorBody(error.body)).toBe(true);
    expect(error).toMatchObject({
      api: "hdap",
      status: 404,
      code: 404,
      kind: "not_found",
      method: "GET",
      body: { code: 404, reason: "Not Found", message: expect.stringContaining("No Such Entry") },
    });
    expect(error.message).toBe(
      `hdap GET ${BASE_URL}/hdap/dc=com/dc=example/ou=People/uid=nobody: 404 Not Found (404: No Such Entry: The entry uid=nobody,ou=People,dc=example,dc=com does not exist)`,
    );
  });

  it("throws InvalidInputError for a DN that does not parse, before any request", async () => {
    const { sent, fetch } = recordingFetch();
    const error = await rejection(hdapClient({ fetch }).get("uid=bjensen;ou=People"));
    expect(error).toMatchObject({ name: "InvalidInputError", code: "INVALID_DN", kind: "invalid_input" });
    expect(sent).toHaveLength(0);
  });
});

describe("create, update, patch, delete", () => {
  it("runs the life cycle of an entry with typed answers", async () => {
    const { sent, fetch } = recordingFetch();
    const hdap = hdapClient({ fetch, auth: KVAUGHAN_PASSWORD_AUTH });
    const created = await hdap.create(PEOPLE_DN, {
      objectClass: PERSON,
      uid: "newuser",
      cn: "New User",
      sn: "User",
      telephoneNumber: "+1 408 555 1212",
    });
    expect(created).toMatchObject({ _id: "dc=com/dc=example/ou=People/uid=newuser", cn: ["New User"] });
    const create = sent.find((request) => request.method === "POST" && request.url.includes("_action=create"));
    expect(create?.url).toBe(`${BASE_URL}/hdap/dc=com/dc=example/ou=People?_action=create`);
    expect(create?.headers.get("content-type")).toBe("application/json");

    const updated = await hdap.update(
      { path: created._id },
      { description: "updated", telephoneNumber: ["+1 408 555 0000"] },
      { ifMatch: created._rev, fields: ["description", "telephoneNumber", "cn"] },
    );
    expect(updated).toEqual({
      _id: created._id,
      _rev: expect.any(String),
      description: ["updated"],
      telephoneNumber: ["+1 408 555 0000"],
      cn: ["New User"],
    });
    expect(updated._rev).not.toBe(created._rev);
    const put = sent.find((request) => request.method === "PUT");
    expect(put?.headers.get("if-match")).toBe(created._rev);
    expect(new URL(put?.url ?? "").searchParams.get("_fields")).toBe("description,telephoneNumber,cn");

    const patched = await hdap.patch(
      `uid=newuser,${PEOPLE_DN}`,
      [
        { operation: "add", field: "/mail", value: "newuser@example.com" },
        { operation: "remove", field: "description" },
      ],
      { ifMatch: updated._rev },
    );
    expect(patched).toMatchObject({ mail: ["newuser@example.com"] });
    expect(patched).not.toHaveProperty("description");

    const deleted = await hdap.delete({ path: created._id }, { ifMatch: patched._rev });
    expect(deleted).toBeUndefined();
    const remove = sent.find((request) => request.method === "DELETE");
    expect(remove?.headers.get("if-match")).toBe(patched._rev);
    expect(await rejection(hdap.get({ path: created._id }))).toMatchObject({ status: 404, kind: "not_found" });
  });

  it("answers 412 as an ApiError when If-Match names an old revision, and changes nothing", async () => {
    const hdap = hdapClient({ auth: KVAUGHAN_PASSWORD_AUTH });
    const before = await hdap.get(BJENSEN_DN, { fields: ["description"] });
    const error = await rejection(hdap.update(BJENSEN_DN, { description: "lost update" }, { ifMatch: "stale-rev" }));
    expect(isApiError(error)).toBe(true);
    expect(error).toMatchObject({
      status: 412,
      code: 412,
      kind: "precondition_failed",
      body: { reason: "Precondition Failed" },
    });
    expect(
      await rejection(hdap.patch(BJENSEN_DN, [{ operation: "remove", field: "/description" }], { ifMatch: "stale" })),
    ).toMatchObject({ status: 412, code: 412 });
    expect(await rejection(hdap.delete(BJENSEN_DN, { ifMatch: "stale-rev" }))).toMatchObject({
      status: 412,
      kind: "precondition_failed",
    });
    expect(await hdap.get(BJENSEN_DN, { fields: ["description"] })).toEqual(before);
  });

  it("sends dryRun and subtreeDelete, and refuses a non-leaf delete without subtreeDelete", async () => {
    const { sent, fetch } = recordingFetch();
    const hdap = hdapClient({ fetch, auth: KVAUGHAN_PASSWORD_AUTH });
    await hdap.create(PEOPLE_DN, { objectClass: ["top", "organizationalUnit"], ou: "Team" });
    await hdap.create(`ou=Team,${PEOPLE_DN}`, { objectClass: PERSON, uid: "member", cn: "Member", sn: "M" });
    expect(await rejection(hdap.delete(`ou=Team,${PEOPLE_DN}`))).toMatchObject({
      status: 400,
      code: 400,
      kind: "invalid_request",
    });
    // A dry run resolves like a delete (void) and leaves the subtree in place.
    expect(await hdap.delete(`ou=Team,${PEOPLE_DN}`, { subtreeDelete: true, dryRun: true })).toBeUndefined();
    expect(await hdap.get(`ou=Team,${PEOPLE_DN}`)).toMatchObject({ ou: expect.arrayContaining(["Team"]) });
    expect(await hdap.get(`uid=member,ou=Team,${PEOPLE_DN}`)).toMatchObject({ uid: ["member"] });
    await hdap.delete(`ou=Team,${PEOPLE_DN}`, { subtreeDelete: true });
    expect((await rejection(hdap.get(`uid=member,ou=Team,${PEOPLE_DN}`))).status).toBe(404);
    expect((await rejection(hdap.get(`ou=Team,${PEOPLE_DN}`))).status).toBe(404);
    const deletes = sent.filter((request) => request.method === "DELETE").map((request) => new URL(request.url).search);
    expect(deletes).toEqual(["", "?dryRun=true&subtreeDelete=true", "?subtreeDelete=true"]);
  });

  it("refuses an anonymous write with 401 and a write by another account with 403", async () => {
    expect(await rejection(hdapClient().update(BJENSEN_DN, { description: "x" }))).toMatchObject({
      status: 401,
      code: 401,
      kind: "unauthorized",
    });
    const bjensen = hdapClient({ auth: { type: "basic", dn: BJENSEN_DN, password: "hifalutin" } });
    expect(await rejection(bjensen.update(`uid=kvaughan,${PEOPLE_DN}`, { description: "x" }))).toMatchObject({
      status: 403,
      kind: "forbidden",
    });
  });
});

describe("DN encoding on the wire, checked against the mock's own DN parser", () => {
  const awkward = [
    "Babs Jensen",
    "a/b",
    "comma, inside",
    "plus+sign",
    "back\\slash",
    "#hash",
    " padded ",
    "été 日本 😀",
  ];

  it("creates entries named by awkward values and finds each again by its DN", async () => {
    const { sent, fetch } = recordingFetch();
    const hdap = hdapClient({ fetch, auth: KVAUGHAN_PASSWORD_AUTH });
    for (const [index, value] of awkward.entries()) {
      const body: HdapEntryWrite = { objectClass: PERSON, uid: value, cn: `Person ${index}`, sn: "Awkward" };
      const created = await hdap.create(PEOPLE_DN, body);
      const expected: HdapRdn[] = [{ type: "uid", value }, ...parseDn(PEOPLE_DN)];
      // The server built the _id from the body; reading it back proves both sides agree on the escaping.
      expect(parseDn(pathToDn(created._id)), value).toEqual(expected);
      const read = await hdap.get(expected, { fields: ["uid", "cn"] });
      expect(read, value).toMatchObject({ _id: created._id, cn: [`Person ${index}`] });
    }
    const reads = sent.filter((request) => request.method === "GET").map((request) => new URL(request.url).pathname);
    expect(reads[1]).toBe("/hdap/dc=com/dc=example/ou=People/uid=a%2Fb");
    expect(reads[2]).toBe("/hdap/dc=com/dc=example/ou=People/uid=comma%5C%2C%20inside");
    expect(reads[6]).toBe("/hdap/dc=com/dc=example/ou=People/uid=%5C%20padded%5C%20");
  });
});

describe("call options", () => {
  it("sends transactionId as X-ForgeRock-TransactionId and reads it back as the error's requestId", async () => {
    const { sent, fetch } = recordingFetch(async (request, init) => {
      const response = await mswFetch(request, init);
      const headers = new Headers(response.headers);
      headers.set("X-ForgeRock-TransactionId", request.headers.get("x-forgerock-transactionid") ?? "");
      return new Response(response.body, { status: response.status, headers });
    });
    const error = await rejection(hdapClient({ fetch }).get(`uid=nobody,${PEOPLE_DN}`, { transactionId: "tx-42" }));
    expect(sent[0]?.headers.get("x-forgerock-transactionid")).toBe("tx-42");
    expect(error).toMatchObject({ status: 404, requestId: "tx-42" });
  });

  it("throws AbortError for an aborted call and TimeoutError when no answer arrives within the call's timeout", async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await rejection(hdapClient().get(BJENSEN_DN, { signal: controller.signal }))).toMatchObject({
      name: "AbortError",
      kind: "aborted",
    });
    const silent = hdapClient({
      fetch: (request) =>
        new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason))),
    });
    expect(await rejection(silent.get(BJENSEN_DN, { timeout: 20 }))).toMatchObject({
      name: "TimeoutError",
      kind: "timeout",
      timeout: 20,
    });
  });

  it("retries a read after a 503 (bodyless, idempotent) but sends a create once", async () => {
    let calls = 0;
    const { sent, fetch } = recordingFetch(async (request, init) => {
      calls++;
      return calls === 1 || request.method === "POST"
        ? new Response(JSON.stringify({ code: 503, reason: "Service Unavailable", message: "busy" }), {
            status: 503,
            headers: { "content-type": "application/json", "retry-after": "0" },
          })
        : mswFetch(request, init);
    });
    const entries: RequestLogEntry[] = [];
    const hdap = hdapClient({ fetch, maxRetries: 2, logger: (entry) => entries.push(entry) });
    expect(await hdap.get(BJENSEN_DN, { fields: ["uid"] })).toMatchObject({ uid: ["bjensen"] });
    expect(sent.map((request) => request.method)).toEqual(["GET", "GET"]);
    // The server's Retry-After: 0 is the wait chosen.
    expect(entries.map((entry) => [entry.method, entry.status, entry.attempt, entry.retryInMs])).toEqual([
      ["GET", 503, 1, 0],
      ["GET", 200, 2, undefined],
    ]);
    expect(await rejection(hdap.create(PEOPLE_DN, { uid: "x" }))).toMatchObject({
      status: 503,
      code: 503,
      kind: "unavailable",
    });
    expect(sent.filter((request) => request.method === "POST")).toHaveLength(1);
    expect(entries.at(-1)).toMatchObject({ method: "POST", status: 503, retryInMs: undefined });
  });

  it("counts retries and their waits against the call's timeout", async () => {
    const { sent, fetch } = recordingFetch(async () =>
      Response.json(
        { code: 503, reason: "Service Unavailable", message: "busy" },
        { status: 503, headers: { "Retry-After": "30" } },
      ),
    );
    const entries: RequestLogEntry[] = [];
    const hdap = hdapClient({ fetch, maxRetries: 2, logger: (entry) => entries.push(entry) });
    // Without the timeout covering the wait, this would sleep 30 s and outlive the test's own limit.
    expect(await rejection(hdap.get(BJENSEN_DN, { timeout: 50 }))).toMatchObject({
      name: "TimeoutError",
      kind: "timeout",
      timeout: 50,
    });
    expect(sent).toHaveLength(1);
    expect(entries.map((entry) => entry.retryInMs)).toEqual([30_000]);
  });
});
