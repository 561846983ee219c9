import { fourDFilter } from "bytewire/fourd";
import { createFourDMock } from "bytewire/mocks";
import { describe, expect, it } from "vitest";
import { useMockedApis } from "../../support/msw.ts";
import { caught, collect, guestClient, queryOf, testClient } from "./harness.ts";

useMockedApis(() => [createFourDMock()]);

// The demo's six users sorted by last name: Dubois, Keller, Lefèvre, Moreau, Rossi, Weber.
const BY_LAST_NAME = ["1", "6", "2", "5", "3", "4"];
const ORDER = "lastName asc";

describe("4D list: a Listing over $top/$skip pages", () => {
  it("requests nothing until iterated, then walks pages smaller than the dataclass", async () => {
    const { client, sent } = guestClient();
    const listing = client.list("User", { orderBy: ORDER, pageSize: 4 });
    expect(sent).toHaveLength(0);
    const keys = (await collect(listing)).map((entity) => entity.__KEY);
    expect(keys).toEqual(BY_LAST_NAME);
    expect(sent.map(queryOf)).toEqual([
      { $orderby: `"${ORDER}"`, $top: "4", $skip: "0" },
      { $orderby: `"${ORDER}"`, $top: "4", $skip: "4" },
    ]);
  });

  it("pages() yields 4D's collections with __COUNT, __FIRST and __SENT", async () => {
    const { client } = guestClient();
    const pages = await collect(client.list("User", { orderBy: ORDER, pageSize: 4 }).pages());
    expect(pages.map((page) => [page.__COUNT, page.__FIRST, page.__SENT])).toEqual([
      [6, 0, 4],
      [6, 4, 2],
    ]);
    expect(pages.flatMap((page) => page.__ENTITIES.map((entity) => entity.__KEY))).toEqual(BY_LAST_NAME);
    expect(pages[0]?.__ENTITIES[0]).toMatchObject({ __KEY: "1", __STAMP: 2, lastName: "Dubois" });
  });

  it("sends one request per page and none after the last, whatever the page size", async () => {
    for (const [pageSize, requests] of [
      [1, 6],
      [3, 2],
      [5, 2],
      [6, 1],
      [7, 1],
    ] as const) {
      const { client, sent } = guestClient();
      const keys = (await collect(client.list("User", { orderBy: ORDER, pageSize }))).map((entity) => entity.__KEY);
      expect(keys, `pageSize ${pageSize}`).toEqual(BY_LAST_NAME);
      expect(sent, `pageSize ${pageSize}`).toHaveLength(requests);
      expect(sent.map((request) => queryOf(request)["$skip"])).toEqual(
        Array.from({ length: requests }, (_, index) => String(index * pageSize)),
      );
    }
  });

  it("asks for 4D's default 100 entities per page without pageSize", async () => {
    const { client, sent } = guestClient();
    expect(await collect(client.list("User"))).toHaveLength(6);
    expect(sent.map(queryOf)).toEqual([{ $top: "100", $skip: "0" }]);
  });

  it("starts at skip and pages on from there", async () => {
    const { client, sent } = guestClient();
    const pages = await collect(client.list("User", { orderBy: ORDER, pageSize: 2, skip: 2 }).pages());
    expect(pages.map((page) => page.__ENTITIES.map((entity) => entity.__KEY))).toEqual([
      ["2", "5"],
      ["3", "4"],
    ]);
    expect(sent.map((request) => queryOf(request)["$skip"])).toEqual(["2", "4"]);
  });

  it("pages a filtered selection, with only the attributes asked for", async () => {
    const { client, sent } = guestClient();
    const hr = await collect(
      client.list("User", {
        filter: fourDFilter`department = ${"HR"}`,
        orderBy: ORDER,
        pageSize: 1,
        attributes: ["lastName"],
      }),
    );
    expect(hr.map((entity) => entity["lastName"])).toEqual(["Keller", "Moreau"]);
    expect(hr.every((entity) => !("firstName" in entity) && !("department" in entity))).toBe(true);
    expect(sent).toHaveLength(2);
    expect(queryOf(sent[1])).toEqual({
      $filter: `"department = 'HR'"`,
      $orderby: `"${ORDER}"`,
      $top: "1",
      $skip: "1",
      $attributes: "lastName",
    });
  });

  it("stops requesting when the loop breaks, and starts afresh on the next loop", async () => {
    const { client, sent } = guestClient();
    const listing = client.list("User", { orderBy: ORDER, pageSize: 2 });
    for await (const entity of listing) {
      expect(entity.__KEY).toBe("1");
      break;
    }
    expect(sent).toHaveLength(1);
    expect((await collect(listing)).map((entity) => entity.__KEY)).toEqual(BY_LAST_NAME);
    expect(sent.map((request) => queryOf(request)["$skip"])).toEqual(["0", "0", "2", "4"]);
  });

  it("yields nothing for an empty selection, after one request", async () => {
    const { client, sent } = guestClient();
    const listing = client.list("User", { filter: fourDFilter`department = ${"Nobody"}` });
    expect(await collect(listing)).toEqual([]);
    expect(await collect(listing.pages())).toEqual([]);
    expect(sent).toHaveLength(2);
  });

  it("sends the session cookie on every page", async () => {
    const { client, sent } = testClient();
    await collect(client.list("User", { pageSize: 2 }));
    expect(sent.map((request) => new URL(request.url).pathname)).toEqual([
      "/rest/$directory/login",
      "/rest/User",
      "/rest/User",
      "/rest/User",
    ]);
    const cookies = sent.slice(1).map((request) => request.headers.get("cookie"));
    expect(new Set(cookies).size).toBe(1);
    expect(cookies[0]).toMatch(/^4DSID_App=/);
  });

  it("refuses a bad page size or dataclass name at once, and a bad attribute name before sending", async () => {
    const { client, sent } = guestClient();
    for (const pageSize of [0, -1, 1.5, Number.NaN]) {
      expect(() => client.list("User", { pageSize }), String(pageSize)).toThrow(
        expect.objectContaining({ name: "InvalidInputError", code: "INVALID_PAGE_SIZE", kind: "invalid_input" }),
      );
    }
    expect(() => client.list("User/../x")).toThrow(expect.objectContaining({ code: "INVALID_NAME" }));
    expect(await caught(() => collect(client.list("User", { attributes: ["last name"] })))).toMatchObject({
      name: "InvalidInputError",
      code: "INVALID_NAME",
    });
    expect(sent).toHaveLength(0);
  });

  it("rejects the loop with 4D's errCode for an unknown dataclass", async () => {
    const { client } = guestClient();
    expect(await caught(() => collect(client.list("Nobody")))).toMatchObject({
      name: "ApiError",
      status: 404,
      code: "1800",
      kind: "not_found",
    });
  });
});
