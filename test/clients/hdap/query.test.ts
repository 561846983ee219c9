import type { HdapEntry } from "bytewire/hdap";
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

function uids(entries: HdapEntry[]): string[] {
  return entries.map((entry) => String(entry.uid));
}

describe("query", () => {
  it("answers the first page as the server's envelope", async () => {
    const { sent, fetch } = recordingFetch();
    const page = await hdapClient({ fetch }).query(PEOPLE_DN, {
      filter: 'sn eq "Even"',
      fields: ["uid"],
      sortKeys: ["-uid"],
      pageSize: 3,
      totalPagedResultsPolicy: "EXACT",
    });
    expect(uids(page.result)).toEqual(["user6", "user4", "user2"]);
    expect(page).toMatchObject({ resultCount: 3, totalPagedResults: 4, totalPagedResultsPolicy: "EXACT" });
    expect(page.pagedResultsCookie).toEqual(expect.any(String));
    expect(new URL(sent[0]?.url ?? "").search).toBe(
      "?_queryFilter=sn%20eq%20%22Even%22&_pageSize=3&_fields=uid&_sortKeys=-uid&_totalPagedResultsPolicy=EXACT",
    );
  });

  it("iterates every entry across pages with for await, one request per page, following the cookie", async () => {
    const { sent, fetch } = recordingFetch();
    const seen: string[] = [];
    for await (const entry of await hdapClient({ fetch }).query(PEOPLE_DN, {
      fields: ["uid"],
      sortKeys: ["uid"],
      pageSize: 3,
    })) {
      seen.push(String(entry.uid));
    }
    expect(seen).toEqual(["bjensen", "kvaughan", "user0", "user1", "user2", "user3", "user4", "user5", "user6"]);
    const cookies = sent.map((request) => new URL(request.url).searchParams.get("_pagedResultsCookie"));
    expect(cookies).toHaveLength(3);
    expect(cookies[0]).toBeNull();
    expect(cookies[1]).toEqual(expect.any(String));
    expect(cookies[2]).not.toBe(cookies[1]);
  });

  it("walks pages with nextPage and pages(), and resumes from a cookie", async () => {
    const hdap = hdapClient();
    const first = await hdap.query(PEOPLE_DN, { fields: ["uid"], sortKeys: ["uid"], pageSize: 4 });
    const second = await first.nextPage();
    expect(uids(second?.result ?? [])).toEqual(["user2", "user3", "user4", "user5"]);
    const third = await second?.nextPage();
    expect(uids(third?.result ?? [])).toEqual(["user6"]);
    expect(third?.pagedResultsCookie).toBeNull();
    expect(await third?.nextPage()).toBeUndefined();

    const sizes: number[] = [];
    for await (const page of first.pages()) {
      sizes.push(page.resultCount);
    }
    expect(sizes).toEqual([4, 4, 1]);

    const resumed = await hdap.query(PEOPLE_DN, {
      fields: ["uid"],
      sortKeys: ["uid"],
      pageSize: 4,
      pagedResultsCookie: first.pagedResultsCookie ?? "",
    });
    expect(uids(resumed.result)).toEqual(uids(second?.result ?? []));
  });

  it("searches everything in one page without pageSize, and the whole subtree with scope sub", async () => {
    const { sent, fetch } = recordingFetch();
    const hdap = hdapClient({ fetch });
    const all: string[] = [];
    for await (const entry of await hdap.query("dc=example,dc=com", {
      scope: "sub",
      filter: "uid pr",
      fields: ["uid"],
    })) {
      all.push(String(entry.uid));
    }
    expect(all.sort()).toEqual(["bjensen", "kvaughan", ...EXTRA.map((entry) => String(entry.uid))].sort());
    expect(sent).toHaveLength(1);
    expect(new URL(sent[0]?.url ?? "").searchParams.get("scope")).toBe("sub");
  });

  it("throws ApiError 400 for a filter the server cannot parse, and InvalidInputError for a bad page size", async () => {
    const hdap = hdapClient();
    await expect(hdap.query(PEOPLE_DN, { filter: "sn eq" })).rejects.toMatchObject({
      name: "ApiError",
      status: 400,
      code: 400,
    });
    await expect(hdap.query(PEOPLE_DN, { pageSize: 0 })).rejects.toMatchObject({
      name: "InvalidInputError",
      code: "INVALID_PAGE_SIZE",
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
    const ids: string[] = [];
    for await (const entry of await hdap.query("dc=com", { pageSize: 1 })) {
      ids.push(entry._id);
    }
    expect(ids).toEqual(["dc=com/uid=x", "dc=com/uid=x"]);
    expect(calls).toBe(2);
  });
});
