import { namedExample } from "bytewire/mocks";
import { beforeEach, describe, expect, it } from "vitest";
import { AS_KVAUGHAN, BJENSEN, errorBody, HdapHarness, KVAUGHAN, PEOPLE } from "./harness.ts";

let hdap = new HdapHarness();
beforeEach(() => {
  hdap = new HdapHarness();
});

/** Runs a query below `base` and returns the `_id`s found (or the failed response). */
async function ids(filter: string, extra = "", base = PEOPLE): Promise<string[]> {
  const response = await hdap.get(`${base}?_queryFilter=${encodeURIComponent(filter)}&_fields=cn${extra}`);
  if (response.status !== 200) {
    throw new Error(`${filter} answered ${response.status}: ${await response.text()}`);
  }
  return ((await response.json()).result as { _id: string }[]).map((entry) => entry._id);
}

async function filterError(filter: string): Promise<string> {
  const response = await hdap.get(`${PEOPLE}?_queryFilter=${encodeURIComponent(filter)}`);
  expect(response.status, filter).toBe(400);
  return (await errorBody(response)).message;
}

describe("HDAP mock: query envelope and paging", () => {
  it("answers ?_queryFilter=true&_fields=cn exactly as the document's hdap-people-query example", async () => {
    const response = await hdap.get(`${PEOPLE}?_queryFilter=true&_fields=cn`);
    expect(await response.json()).toEqual(namedExample("hdap-people-query"));
  });

  it("pages with _pageSize and an opaque cookie that is null on the last page, counting with EXACT", async () => {
    const first = await hdap.get(`${PEOPLE}?_queryFilter=true&_fields=cn&_pageSize=1&_totalPagedResultsPolicy=EXACT`);
    const page = await first.json();
    const example = namedExample("hdap-people-first-page") as Record<string, unknown>;
    expect({ ...page, pagedResultsCookie: "<opaque>" }).toEqual({ ...example, pagedResultsCookie: "<opaque>" });
    expect(page.pagedResultsCookie).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const second = await hdap.get(
      `${PEOPLE}?_queryFilter=true&_fields=cn&_pageSize=1&_totalPagedResultsPolicy=EXACT&_pagedResultsCookie=${encodeURIComponent(page.pagedResultsCookie)}`,
    );
    const last = await second.json();
    expect(last.result.map((entry: { _id: string }) => entry._id)).toEqual([KVAUGHAN]);
    expect(last).toMatchObject({
      resultCount: 1,
      pagedResultsCookie: null,
      totalPagedResults: 2,
      remainingPagedResults: -1,
    });
  });

  it("counts only with ESTIMATE or EXACT and a page size; otherwise totalPagedResults is -1", async () => {
    const withoutPaging = await hdap.get(`${PEOPLE}?_queryFilter=true&_totalPagedResultsPolicy=EXACT`);
    expect(await withoutPaging.json()).toMatchObject({
      totalPagedResultsPolicy: "EXACT",
      totalPagedResults: -1,
      resultCount: 2,
    });
    const estimate = await hdap.get(`${PEOPLE}?_queryFilter=true&_totalPagedResultsPolicy=ESTIMATE&_pageSize=5`);
    expect(await estimate.json()).toMatchObject({ totalPagedResults: 2, pagedResultsCookie: null });
    const none = await hdap.get(`${PEOPLE}?_queryFilter=true&_pageSize=1`);
    expect(await none.json()).toMatchObject({ totalPagedResultsPolicy: "NONE", totalPagedResults: -1 });
  });

  it("refuses a cookie it did not issue with 400", async () => {
    const response = await hdap.get(`${PEOPLE}?_queryFilter=true&_pageSize=1&_pagedResultsCookie=not-a-cookie`);
    expect(response.status).toBe(400);
    expect((await errorBody(response)).message).toContain("_pagedResultsCookie");
  });

  it("answers 413 Size Limit Exceeded when one answer would exceed the size limit, and pages below it", async () => {
    hdap = new HdapHarness({ sizeLimit: 1 });
    const response = await hdap.get(`${PEOPLE}?_queryFilter=true`);
    expect(response.status).toBe(413);
    expect(await errorBody(response)).toMatchObject({
      reason: "Request Entity Too Large",
      message: expect.stringMatching(/^Size Limit Exceeded/),
    });
    expect((await hdap.get(`${PEOPLE}?_queryFilter=true&_pageSize=1`)).status).toBe(200);
  });

  it("answers 404 for a query below an entry that does not exist", async () => {
    expect((await hdap.get(`${PEOPLE}/uid=nobody?_queryFilter=true`)).status).toBe(404);
  });

  it("pretty-prints the envelope with its entries opened on the array's line", async () => {
    const response = await hdap.get(`${PEOPLE}?_queryFilter=uid%20eq%20%22kvaughan%22&_fields=cn&_prettyPrint=true`);
    expect(await response.text()).toBe(
      [
        "{",
        '  "result" : [ {',
        `    "_id" : "${KVAUGHAN}",`,
        '    "_rev" : "1c9a7e52-6d3b-3f04-9e21-8b5f0a4c2d63",',
        '    "cn" : [ "Kirsten Vaughan" ]',
        "  } ],",
        '  "resultCount" : 1,',
        '  "pagedResultsCookie" : null,',
        '  "totalPagedResultsPolicy" : "NONE",',
        '  "totalPagedResults" : -1,',
        '  "remainingPagedResults" : -1',
        "}",
      ].join("\n"),
    );
  });
});

describe("HDAP mock: scope and sort", () => {
  it("searches base, one (the default), sub and subordinates relative to the path", async () => {
    const base = "dc=com/dc=example";
    expect(await ids("true", "&scope=base", base)).toEqual([base]);
    expect(await ids("true", "", base)).toEqual([PEOPLE]);
    expect(await ids("true", "&scope=one", base)).toEqual([PEOPLE]);
    expect(await ids("true", "&scope=sub", base)).toEqual([base, PEOPLE, BJENSEN, KVAUGHAN]);
    expect(await ids("true", "&scope=subordinates", base)).toEqual([PEOPLE, BJENSEN, KVAUGHAN]);
  });

  it("sorts by _sortKeys, - for descending, %2B for ascending, entries without the attribute last", async () => {
    expect(await ids("true", "&_sortKeys=-sn")).toEqual([KVAUGHAN, BJENSEN]);
    expect(await ids("true", "&_sortKeys=%2Bsn")).toEqual([BJENSEN, KVAUGHAN]);
    await hdap.json("PUT", KVAUGHAN, { gidNumber: 2000 }, AS_KVAUGHAN);
    expect(await ids("true", "&_sortKeys=-gidNumber")).toEqual([KVAUGHAN, BJENSEN]);
    expect(await ids("true", "&_sortKeys=gidNumber")).toEqual([BJENSEN, KVAUGHAN]);
    await hdap.json("PUT", KVAUGHAN, { gidNumber: null }, AS_KVAUGHAN);
    expect(await ids("true", "&_sortKeys=-gidNumber")).toEqual([BJENSEN, KVAUGHAN]);
    expect(await ids("true", "&_sortKeys=/l,-sn")).toEqual([BJENSEN, KVAUGHAN]);
  });

  it("refuses _sortKeys without a field with 400", async () => {
    expect((await hdap.get(`${PEOPLE}?_queryFilter=true&_sortKeys=-`)).status).toBe(400);
  });
});

describe("HDAP mock: query filters", () => {
  it("matches strings ignoring case and extra spaces, with eq, co and sw, in double or single quotes", async () => {
    expect(await ids('sn eq "jensen"')).toEqual([BJENSEN]);
    expect(await ids("cn co 'VAUGHAN'")).toEqual([KVAUGHAN]);
    expect(await ids('cn sw "babs  "')).toEqual([BJENSEN]);
    expect(await ids('/mail eq "BJENSEN@example.com"')).toEqual([BJENSEN]);
    expect(await ids('description co "nothing like this"')).toEqual([]);
  });

  it("compares numbers numerically with gt, ge, lt and le", async () => {
    expect(await ids("gidNumber gt 999")).toEqual([BJENSEN]);
    expect(await ids("gidNumber ge 1000")).toEqual([BJENSEN]);
    expect(await ids("gidNumber gt 1000")).toEqual([]);
    expect(await ids("uidNumber lt 1077 and uidNumber le 1076")).toEqual([BJENSEN]);
    expect(await ids('gidNumber eq "1000"')).toEqual([BJENSEN]);
  });

  it("orders strings with gt and lt", async () => {
    expect(await ids('sn gt "K"')).toEqual([KVAUGHAN]);
    expect(await ids('sn lt "k"')).toEqual([BJENSEN]);
  });

  it("matches telephone numbers without their spaces and DNs as DNs", async () => {
    expect(await ids('telephoneNumber eq "+14085551862"')).toEqual([BJENSEN]);
    expect(await ids('manager eq "DC=com/dc=example/ou=people/uid=KVAUGHAN"')).toEqual([BJENSEN]);
    expect(await ids(`_id eq "${BJENSEN.toUpperCase()}"`)).toEqual([BJENSEN]);
  });

  it("combines with and, or, ! and parentheses, keywords in any case", async () => {
    expect(await ids("photo pr")).toEqual([BJENSEN]);
    expect(await ids("!(photo pr)")).toEqual([KVAUGHAN]);
    expect(await ids("! photo pr")).toEqual([KVAUGHAN]);
    expect(await ids('(sn eq "Jensen" or sn eq "Vaughan") and !(uid eq "kvaughan")')).toEqual([BJENSEN]);
    expect(await ids('sn eq "Jensen" OR sn eq "Vaughan"')).toEqual([BJENSEN, KVAUGHAN]);
    expect(await ids("false")).toEqual([]);
    expect(await ids("TRUE")).toEqual([BJENSEN, KVAUGHAN]);
  });

  it("reads escaped quotes inside strings", async () => {
    await hdap.json("PUT", KVAUGHAN, { description: 'She said "hi"' }, AS_KVAUGHAN);
    expect(await ids('description eq "She said \\"hi\\""')).toEqual([KVAUGHAN]);
    expect(await ids("description eq 'She said \"hi\"'")).toEqual([KVAUGHAN]);
  });

  it("never matches on passwords, not even under !", async () => {
    expect(await ids("userPassword pr")).toEqual([]);
    expect(await ids("!(userPassword pr)")).toEqual([]);
    expect(await ids('userPassword eq "bribery"')).toEqual([]);
  });

  it("answers 400 with the position for a filter that does not parse", async () => {
    expect(await filterError("sn eq")).toBe(
      "The value 'sn eq' for parameter '_queryFilter' could not be parsed as a valid query filter: expected a value (a quoted string, a number, true or false) (at position 5)",
    );
    expect(await filterError("sn eq Jensen")).toContain("quote strings");
    expect(await filterError('(sn eq "Jensen"')).toContain("expected ')'");
    expect(await filterError("sn pr)")).toContain("unexpected text");
    expect(await filterError('sn eq "Jensen')).toContain("no closing");
    expect(await filterError('sn ~= "x"')).toContain("not a valid filter operator");
    expect(await filterError('"sn" eq "x"')).toContain("expected a field");
    expect(await filterError("and")).toContain("expected an operator");
  });

  it("answers 400 for an extended operator and for co or sw on binary, DN and time fields", async () => {
    expect(await filterError('sn regex "J.*"')).toContain('the operator "regex" is not supported');
    expect(await filterError('photo co "AAAA"')).toContain('"co" cannot be used on photo');
    expect(await filterError('manager sw "dc=com"')).toContain("DN field");
    expect(await filterError('_id sw "dc=com"')).toContain("DN field");
    expect(await filterError('createTimestamp co "2026"')).toContain("time field");
  });
});
