import type { HdapEntry, HdapQueryResult, Listing } from "bytewire/hdap";
import { createHdapMock, type HdapSeedEntry } from "bytewire/mocks";
import { describe, expect, it } from "vitest";
import { useMockedApis } from "../../support/msw.ts";
import { hdapClient, PEOPLE_DN, recordingFetch } from "./support.ts";

// Seven more people below ou=People, so that pages of 3 over the 9 people give 3 pages.
const EXTRA: HdapSeedEntry[] = Array.from({ length: 7 }, (_, index) => ({
  _id: `dc=com/dc=example/ou=People/uid=user${index}`,
  objectClass: ["top", "person", "organizationalPerson", "inetOrgPerson"],
  uid: `user${index}`,
  cn: `User ${index}`,
  sn: index % 2 === 0 ? "Even" : "Odd",
}));

useMockedApis(() => [createHdapMock({ entries: EXTRA })]);

function uids(entries: readonly HdapEntry[]): string[] {
  return entries.map((entry) => String(entry.uid));
}

async function pagesOf(listing: Listing<HdapEntry, HdapQueryResult>): Promise<HdapQueryResult[]> {
  const pages: HdapQueryResult[] = [];
  for await (const page of listing.pages()) {
    pages.push(page);
  }
  return pages;
}

async function itemsOf(listing: Listing<HdapEntry, HdapQueryResult>): Promise<HdapEntry[]> {
  const items: HdapEntry[] = [];
  for await (const entry of listing) {
    items.push(entry);
  }
  return items;
}

describe("list", () => {
  it("requests nothing until iterated, then answers the first page as the server's envelope", async () => {
    const { sent, fetch } = recordingFetch();
    const listing = hdapClient({ fetch }).list(PEOPLE_DN, {
      filter: 'sn eq "Even"',
      fields: ["uid"],
      sortKeys: ["-uid"],
      pageSize: 3,
      totalPagedResultsPolicy: "EXACT",
    });
    expect(sent).toHaveLength(0);
    const first = await listing.pages().next();
    expect(first.done).toBe(false);
    const page = first.value as HdapQueryResult;
    expect(uids(page.result)).toEqual(["user6", "user4", "user2"]);
    expect(page).toMatchObject({ resultCount: 3, totalPagedResults: 4, totalPagedResultsPolicy: "EXACT" });
    expect(page.pagedResultsCookie).toEqual(expect.any(String));
    expect(sent).toHaveLength(1);
    expect(new URL(sent[0]?.url ?? "").search).toBe(
      "?_queryFilter=sn%20eq%20%22Even%22&_pageSize=3&_fields=uid&_sortKeys=-uid&_totalPagedResultsPolicy=EXACT",
    );
  });

  it("iterates every entry across pages with for await, one request per page, following the cookie", async () => {
    const { sent, fetch } = recordingFetch();
    const seen = uids(
      await itemsOf(hdapClient({ fetch }).list(PEOPLE_DN, { fields: ["uid"], sortKeys: ["uid"], pageSize: 3 })),
    );
    expect(seen).toEqual(["bjensen", "kvaughan", "user0", "user1", "user2", "user3", "user4", "user5", "user6"]);
    const queries = sent.map((request) => new URL(request.url).searchParams);
    expect(queries.map((query) => query.get("_pageSize"))).toEqual(["3", "3", "3"]);
    const cookies = queries.map((query) => query.get("_pagedResultsCookie"));
    expect(cookies).toHaveLength(3);
    expect(cookies[0]).toBeNull();
    expect(cookies[1]).toEqual(expect.any(String));
    expect(cookies[2]).toEqual(expect.any(String));
    expect(cookies[2]).not.toBe(cookies[1]);
  });

  it("yields the pages with pages(), stops after the last one, and resumes from a cookie", async () => {
    const { sent, fetch } = recordingFetch();
    const hdap = hdapClient({ fetch });
    const pages = await pagesOf(hdap.list(PEOPLE_DN, { fields: ["uid"], sortKeys: ["uid"], pageSize: 4 }));
    expect(pages.map((page) => page.resultCount)).toEqual([4, 4, 1]);
    expect(pages.map((page) => uids(page.result))).toEqual([
      ["bjensen", "kvaughan", "user0", "user1"],
      ["user2", "user3", "user4", "user5"],
      ["user6"],
    ]);
    // The last page carries no cookie, so no fourth request is made.
    expect(pages[2]?.pagedResultsCookie).toBeNull();
    expect(sent).toHaveLength(3);

    const resumed = await itemsOf(
      hdap.list(PEOPLE_DN, {
        fields: ["uid"],
        sortKeys: ["uid"],
        pageSize: 4,
        pagedResultsCookie: pages[0]?.pagedResultsCookie ?? "",
      }),
    );
    expect(uids(resumed)).toEqual(["user2", "user3", "user4", "user5", "user6"]);
    expect(new URL(sent[3]?.url ?? "").searchParams.get("_pagedResultsCookie")).toBe(pages[0]?.pagedResultsCookie);
  });

  it("stops requesting pages when the loop breaks, and iterates afresh each time", async () => {
    const { sent, fetch } = recordingFetch();
    const listing = hdapClient({ fetch }).list(PEOPLE_DN, { fields: ["uid"], sortKeys: ["uid"], pageSize: 2 });
    const seen: string[] = [];
    for await (const entry of listing) {
      seen.push(String(entry.uid));
      if (seen.length === 3) {
        break;
      }
    }
    expect(seen).toEqual(["bjensen", "kvaughan", "user0"]);
    expect(sent).toHaveLength(2);
    // A second loop over the same listing starts again from the first page.
    expect(uids(await itemsOf(listing))).toHaveLength(9);
    expect(sent).toHaveLength(2 + 5);
    expect(new URL(sent[2]?.url ?? "").searchParams.has("_pagedResultsCookie")).toBe(false);
  });

  it("searches everything in one page without pageSize, and the whole subtree with scope sub", async () => {
    const { sent, fetch } = recordingFetch();
    const hdap = hdapClient({ fetch });
    const all = uids(
      await itemsOf(hdap.list("dc=example,dc=com", { scope: "sub", filter: "uid pr", fields: ["uid"] })),
    );
    expect(all.sort()).toEqual(["bjensen", "kvaughan", ...EXTRA.map((entry) => String(entry.uid))].sort());
    expect(sent).toHaveLength(1);
    const query = new URL(sent[0]?.url ?? "").searchParams;
    expect(query.get("scope")).toBe("sub");
    expect(query.has("_pageSize")).toBe(false);
  });

  it("sends _queryFilter=true without a filter, and yields nothing for no match", async () => {
    const { sent, fetch } = recordingFetch();
    const hdap = hdapClient({ fetch });
    expect(uids(await itemsOf(hdap.list(PEOPLE_DN, { fields: ["uid"] })))).toHaveLength(9);
    expect(new URL(sent[0]?.url ?? "").searchParams.get("_queryFilter")).toBe("true");
    expect(await itemsOf(hdap.list(PEOPLE_DN, { filter: 'uid eq "nobody"' }))).toEqual([]);
    expect(await pagesOf(hdap.list(PEOPLE_DN, { filter: 'uid eq "nobody"' }))).toEqual([]);
  });

  it("throws ApiError 400 from the loop for a filter the server cannot parse, InvalidInputError for a bad page size", async () => {
    const hdap = hdapClient();
    await expect(itemsOf(hdap.list(PEOPLE_DN, { filter: "sn eq" }))).rejects.toMatchObject({
      name: "ApiError",
      status: 400,
      code: 400,
      kind: "invalid_request",
    });
    for (const pageSize of [0, -1, 1.5]) {
      expect(() => hdap.list(PEOPLE_DN, { pageSize }), String(pageSize)).toThrow(
        expect.objectContaining({ name: "InvalidInputError", code: "INVALID_PAGE_SIZE" }),
      );
    }
    expect(() => hdap.list("not a dn", {})).toThrow(expect.objectContaining({ code: "INVALID_DN" }));
  });

  it("throws InvalidResponseError when a page has no result array", async () => {
    const hdap = hdapClient({ fetch: async () => Response.json({ _id: "dc=com" }) });
    await expect(itemsOf(hdap.list("dc=com"))).rejects.toMatchObject({
      name: "InvalidResponseError",
      code: "UNEXPECTED_SHAPE",
    });
  });

  it("stops when a server repeats the cookie it was given instead of looping forever", async () => {
    const envelope = {
      result: [{ _id: "dc=com/uid=x" }],
      resultCount: 1,
      pagedResultsCookie: "AAAAAAAAAAE=",
      totalPagedResultsPolicy: "NONE",
      totalPagedResults: -1,
      remainingPagedResults: -1,
    };
    let calls = 0;
    const hdap = hdapClient({
      fetch: async () => {
        calls++;
        // Fails the test instead of hanging it if the client kept following the repeated cookie.
        if (calls > 5) {
          throw new Error("the client keeps following the same cookie");
        }
        return Response.json(envelope);
      },
    });
    const ids = (await itemsOf(hdap.list("dc=com", { pageSize: 1 }))).map((entry) => entry._id);
    expect(ids).toEqual(["dc=com/uid=x", "dc=com/uid=x"]);
    expect(calls).toBe(2);
  });
});
