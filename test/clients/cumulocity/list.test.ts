import { ApiError, type CumulocityBinary, type CumulocityBinaryCollection } from "bytewire/cumulocity";
import { createCumulocityMock } from "bytewire/mocks";
import { describe, expect, it } from "vitest";
import { useMockedApis } from "../../support/msw.ts";
import { BASE_URL, caught, READER, testClient } from "./harness.ts";

useMockedApis(() => [createCumulocityMock()]);

/** Uploads `count` small text files named file-01.txt, ... as admin; the mock then holds them as IDs 3, 4, ... */
async function uploadMany(count: number): Promise<void> {
  const { client } = testClient();
  for (let index = 1; index <= count; index++) {
    const name = `file-${String(index).padStart(2, "0")}.txt`;
    await client.upload(new Blob([`content of ${name}`], { type: "text/plain" }), { name });
  }
}

function currentPages(urls: string[]): string[] {
  return urls.map(
    (url) => `${new URL(url).searchParams.get("currentPage")}/${new URL(url).searchParams.get("pageSize")}`,
  );
}

describe("list: one typed page", () => {
  it("answers the page with managed objects, statistics and next/prev presence", async () => {
    await uploadMany(4);
    const { client, sent } = testClient();
    const first: CumulocityBinaryCollection = await client.list({ pageSize: 2, withTotalPages: true });
    expect(first.managedObjects.map((binary) => binary.id)).toEqual(["1", "2"]);
    expect(first.statistics).toEqual({ currentPage: 1, pageSize: 2, totalPages: 3 });
    expect(first.prev).toBeUndefined();
    expect(first.next).toBe(`${BASE_URL}/inventory/binaries?pageSize=2&withTotalPages=true&currentPage=2`);
    expect(sent[0]?.url).toBe(`${BASE_URL}/inventory/binaries?pageSize=2&withTotalPages=true`);
    expect(sent[0]?.headers.get("accept")).toBe(
      "application/vnd.com.nsn.cumulocity.managedobjectcollection+json, " +
        "application/vnd.com.nsn.cumulocity.error+json, application/json",
    );

    const last = await client.list({ pageSize: 2, currentPage: 3, withTotalElements: true });
    expect(last.managedObjects.map((binary) => binary.name)).toEqual(["file-03.txt", "file-04.txt"]);
    expect(last.statistics).toEqual({ currentPage: 3, pageSize: 2, totalElements: 6 });
    expect(last.prev).toBe(`${BASE_URL}/inventory/binaries?pageSize=2&currentPage=2&withTotalElements=true`);
    // Cumulocity sends next on a full last page: it leads to an empty page.
    expect(last.next).toBeDefined();
    const past = await client.list({ pageSize: 2, currentPage: 4 });
    expect(past.managedObjects).toEqual([]);
    expect(past.next).toBeUndefined();
  });

  it("sends ids comma-joined on the wire (ids=1,3), not as repeated keys, and filters with them", async () => {
    await uploadMany(2);
    const { client, sent } = testClient();
    const page = await client.list({ ids: ["1", "3"], type: "text/plain" });
    expect(sent[0]?.url).toBe(`${BASE_URL}/inventory/binaries?ids=1,3&type=text%2Fplain`);
    expect(new URL(sent[0]?.url ?? "").searchParams.getAll("ids")).toEqual(["1,3"]);
    expect(page.managedObjects.map((binary) => binary.id)).toEqual(["3"]);

    const both = await client.list({ ids: ["1", "2"] });
    expect(both.managedObjects.map((binary) => binary.name)).toEqual(["my_picture.png", "my_compressed_file.zip"]);
  });

  it("the raw client serializes ids the same way", async () => {
    const { client, sent } = testClient();
    const result = await client.raw.GET("/inventory/binaries", { params: { query: { ids: ["2", "1"] } } });
    expect(sent[0]?.url).toBe(`${BASE_URL}/inventory/binaries?ids=2,1`);
    expect(result.data?.managedObjects.map((binary) => binary.id)).toEqual(["1", "2"]);
  });

  it("throws ApiError 400 with Cumulocity's code for a query the server refuses", async () => {
    const { client } = testClient();
    const error = await caught(() => client.list({ pageSize: 0 }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: "undefined/validationError", method: "GET" });
  });
});

describe("iterate and pages: every binary with for await", () => {
  it("follows currentPage across 12 uploads, stops on the short last page, and yields every binary once", async () => {
    await uploadMany(12);
    const { client, sent } = testClient();
    const seen: CumulocityBinary[] = [];
    for await (const binary of client.iterate({ pageSize: 5 })) {
      seen.push(binary);
    }
    expect(seen.map((binary) => binary.id)).toEqual(Array.from({ length: 14 }, (_, index) => String(index + 1)));
    // 5 + 5 + 4: the short third page ends it without asking for a fourth.
    expect(currentPages(sent.map((request) => request.url))).toEqual(["1/5", "2/5", "3/5"]);
  });

  it("asks for the empty page after a full last page (next is still present) but does not yield it", async () => {
    await uploadMany(13);
    const { client, sent } = testClient();
    const pages: CumulocityBinaryCollection[] = [];
    for await (const page of client.pages({ pageSize: 5, type: "text/plain" })) {
      pages.push(page);
    }
    // 13 text files: 5 + 5 + 3.
    expect(pages.map((page) => page.managedObjects.length)).toEqual([5, 5, 3]);
    expect(currentPages(sent.map((request) => request.url))).toEqual(["1/5", "2/5", "3/5"]);

    await testClient().client.upload(new Blob(["one more"], { type: "text/plain" }), { name: "file-14.txt" });
    sent.length = 0;
    const counts: number[] = [];
    for await (const page of client.pages({ pageSize: 7, type: "text/plain" })) {
      expect(page.next).toBeDefined();
      counts.push(page.managedObjects.length);
    }
    expect(counts).toEqual([7, 7]);
    expect(currentPages(sent.map((request) => request.url))).toEqual(["1/7", "2/7", "3/7"]);
    expect(new URL(sent[0]?.url ?? "").searchParams.get("type")).toBe("text/plain");
  });

  it("starts at query.currentPage, asks 100 per page by default, and stops asking when the loop breaks", async () => {
    await uploadMany(3);
    const { client, sent } = testClient();
    const fromSecond: string[] = [];
    for await (const page of client.pages({ currentPage: 2, pageSize: 2 })) {
      fromSecond.push(...page.managedObjects.map((binary) => binary.id));
    }
    expect(fromSecond).toEqual(["3", "4", "5"]);

    sent.length = 0;
    const all: string[] = [];
    for await (const binary of client.iterate()) {
      all.push(binary.id);
    }
    expect(all).toHaveLength(5);
    expect(currentPages(sent.map((request) => request.url))).toEqual(["1/100"]);

    sent.length = 0;
    for await (const binary of client.iterate({ pageSize: 1 })) {
      if (binary.id === "2") {
        break;
      }
    }
    expect(sent).toHaveLength(2);
  });

  it("yields nothing for an empty result, and a read-only user pages through every binary too", async () => {
    const { client } = testClient({ auth: READER });
    const none: CumulocityBinary[] = [];
    for await (const binary of client.iterate({ type: "application/x-none" })) {
      none.push(binary);
    }
    expect(none).toEqual([]);
    const names: string[] = [];
    for await (const binary of client.iterate({ pageSize: 1 })) {
      names.push(binary.name);
    }
    expect(names).toEqual(["my_picture.png", "my_compressed_file.zip"]);
  });

  it("rejects the loop with the ApiError of a failed page", async () => {
    const { client } = testClient({ auth: { type: "bearer", token: "expired-token" } });
    const error = await caught(async () => {
      for await (const _binary of client.iterate()) {
        // never reached
      }
    });
    expect(error).toMatchObject({ name: "ApiError", status: 401, code: "security/Unauthorized" });
  });
});
