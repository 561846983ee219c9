import { namedExample } from "bytewire/mocks";
import { beforeEach, describe, expect, it } from "vitest";
import {
  ADMIN,
  BINARIES,
  basic,
  ERROR_INFO,
  essence,
  Harness,
  ORIGIN,
  READER,
  uploadBody,
  VENDOR_COLLECTION,
  VENDOR_ERROR,
} from "./harness.ts";

let harness = new Harness();

beforeEach(() => {
  harness = new Harness();
});

// The document's examples are written for https://t100.cumulocity.com; the mock answers on the request's origin.
function onMockOrigin(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value).replaceAll("https://t100.cumulocity.com", ORIGIN));
}

async function uploadMany(count: number, type = "text/plain"): Promise<void> {
  for (let index = 0; index < count; index++) {
    const body = uploadBody({ name: `file-${index}.txt`, type }, new TextEncoder().encode(`file ${index}\n`), type);
    expect((await harness.upload(body)).status).toBe(201);
  }
}

async function page(query: string, headers: Record<string, string> = ADMIN) {
  const response = await harness.list(query, headers);
  expect(response.status).toBe(200);
  return response.json();
}

describe("Cumulocity mock: listing binaries", () => {
  it("answers the document's firstPage example for the demo tenant", async () => {
    const response = await harness.list("pageSize=5&withTotalPages=true");
    expect(essence(response.headers.get("content-type"))).toBe(VENDOR_COLLECTION);
    expect(response.headers.get("content-type")).toContain("ver=0.9");
    expect(await response.json()).toEqual(onMockOrigin(namedExample("cumulocity-binary-collection")));
  });

  it("answers the document's pastTheEnd example for page 2 of the demo tenant", async () => {
    expect(await page("pageSize=5&currentPage=2")).toEqual(
      onMockOrigin(namedExample("cumulocity-binary-collection-empty")),
    );
  });

  it("pages 5 by default, without totals, prev or next on a first page that is not full", async () => {
    const body = await page("");
    expect(body.statistics).toEqual({ currentPage: 1, pageSize: 5 });
    expect(body.self).toBe(`${BINARIES}?pageSize=5&currentPage=1`);
    expect(body).not.toHaveProperty("prev");
    expect(body).not.toHaveProperty("next");
    expect(body.managedObjects.map((binary: { id: string }) => binary.id)).toEqual(["1", "2"]);
  });

  it("pages with currentPage and pageSize, and following next reaches every binary once, by ID ascending", async () => {
    await uploadMany(9);
    const first = await page("pageSize=4&withTotalPages=true&withTotalElements=true");
    expect(first.statistics).toEqual({ currentPage: 1, pageSize: 4, totalPages: 3, totalElements: 11 });
    expect(first.next).toBe(`${BINARIES}?pageSize=4&withTotalPages=true&withTotalElements=true&currentPage=2`);
    const seen: string[] = [];
    let body = first;
    for (;;) {
      seen.push(...body.managedObjects.map((binary: { id: string }) => binary.id));
      if (!body.next) {
        break;
      }
      const response = await harness.send(body.next, { headers: ADMIN });
      body = await response.json();
    }
    // Numeric order: a string sort would put 10 and 11 before 2.
    expect(seen).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"]);
    expect(body.statistics.currentPage).toBe(3);
    expect(body.prev).toBe(`${BINARIES}?pageSize=4&withTotalPages=true&withTotalElements=true&currentPage=2`);
  });

  it("keeps next on a full last page (the server does not count); that link leads to an empty page", async () => {
    await uploadMany(2);
    const second = await page("pageSize=2&currentPage=2");
    expect(second.managedObjects).toHaveLength(2);
    expect(second.next).toBe(`${BINARIES}?pageSize=2&currentPage=3`);
    expect(second.prev).toBe(`${BINARIES}?pageSize=2&currentPage=1`);
    const third = await (await harness.send(second.next, { headers: ADMIN })).json();
    expect(third.managedObjects).toEqual([]);
    expect(third).not.toHaveProperty("next");
  });

  it("trims a pageSize above 2000 to 2000 instead of rejecting it, and says so in statistics and links", async () => {
    const body = await page("pageSize=5000&withTotalPages=true");
    expect(body.statistics).toEqual({ currentPage: 1, pageSize: 2000, totalPages: 1 });
    expect(body.self).toBe(`${BINARIES}?pageSize=2000&withTotalPages=true&currentPage=1`);
    expect((await page("pageSize=2000")).statistics.pageSize).toBe(2000);
  });

  it("keeps the rest of the query byte for byte in its links and collapses a repeated currentPage", async () => {
    const body = await page("ids=1,2&pageSize=1&currentPage=1&currentPage=7&withTotalElements=true");
    expect(body.statistics).toEqual({ currentPage: 1, pageSize: 1, totalElements: 2 });
    expect(body.self).toBe(`${BINARIES}?ids=1,2&pageSize=1&currentPage=1&withTotalElements=true`);
    expect(body.next).toBe(`${BINARIES}?ids=1,2&pageSize=1&currentPage=2&withTotalElements=true`);
  });

  it("answers totals of 0 for an empty result", async () => {
    const body = await page("type=video/mp4&withTotalPages=true&withTotalElements=true");
    expect(body.statistics).toEqual({ currentPage: 1, pageSize: 5, totalPages: 0, totalElements: 0 });
    expect(body.managedObjects).toEqual([]);
  });

  it("rejects a page or size below 1, a non-number and a non-boolean with 400 in Cumulocity's shape", async () => {
    for (const query of [
      "pageSize=0",
      "currentPage=0",
      "pageSize=abc",
      "pageSize=2.5",
      "withTotalPages=yes",
      "ids=1,,2",
    ]) {
      const response = await harness.list(query);
      expect(response.status, query).toBe(400);
      expect(essence(response.headers.get("content-type"))).toBe(VENDOR_ERROR);
      const body = await response.json();
      expect(body).toMatchObject({ error: "undefined/validationError", info: ERROR_INFO });
      expect(body.message).toMatch(/pageSize|currentPage|withTotalPages|ids/);
    }
  });
});

describe("Cumulocity mock: list filters", () => {
  const ids = async (query: string, headers: Record<string, string> = ADMIN) =>
    (await page(query, headers)).managedObjects.map((binary: { id: string }) => binary.id);

  it("filters by ids, comma-joined or repeated, and keeps ID order whatever the order asked", async () => {
    expect(await ids("ids=2,1")).toEqual(["1", "2"]);
    expect(await ids("ids=2&ids=1")).toEqual(["1", "2"]);
    expect(await ids("ids=2")).toEqual(["2"]);
    expect(await ids("ids=1,99")).toEqual(["1"]);
    expect(await ids("ids=99")).toEqual([]);
  });

  it("filters by type and owner, exactly", async () => {
    harness = new Harness({
      users: [
        { name: "admin", password: "admin", roles: ["ROLE_INVENTORY_ADMIN"] },
        { name: "uploader", password: "up", roles: ["ROLE_INVENTORY_CREATE"] },
      ],
    });
    const file = uploadBody({ name: "r.txt", type: "text/plain" }, new Uint8Array([1]));
    expect((await harness.upload(file, basic("t100/uploader", "up"))).status).toBe(201);
    expect(await ids("type=image/png")).toEqual(["1"]);
    expect(await ids("type=text/plain")).toEqual(["3"]);
    expect(await ids("type=image")).toEqual([]);
    expect(await ids("owner=admin")).toEqual(["1", "2"]);
    expect(await ids("owner=uploader")).toEqual(["3"]);
    expect(await ids("owner=nobody")).toEqual([]);
  });

  it("filters by text equal to the id, type, name or owner (no substring match)", async () => {
    expect(await ids("text=my_picture.png")).toEqual(["1"]);
    expect(await ids("text=application/zip")).toEqual(["2"]);
    expect(await ids("text=2")).toEqual(["2"]);
    expect(await ids("text=admin")).toEqual(["1", "2"]);
    expect(await ids("text=my_picture")).toEqual([]);
    expect(await ids("text=my_picture.png&type=application/zip")).toEqual([]);
  });

  it("answers an empty page for the child filters: no binary of the mock has children", async () => {
    for (const name of ["childAdditionId", "childAssetId", "childDeviceId"]) {
      const body = await page(`${name}=1&withTotalElements=true`);
      expect(body.managedObjects, name).toEqual([]);
      expect(body.statistics.totalElements).toBe(0);
    }
  });

  it("lists every binary for a user with a read role, only its own for a user without one, with null totals", async () => {
    harness = new Harness({
      users: [
        { name: "admin", password: "admin", roles: ["ROLE_INVENTORY_ADMIN"] },
        { name: "reader", password: "reader", roles: ["ROLE_INVENTORY_READ"] },
        { name: "uploader", password: "up", roles: ["ROLE_INVENTORY_CREATE"] },
      ],
    });
    const uploader = basic("t100/uploader", "up");
    const file = uploadBody({ name: "mine.txt", type: "text/plain" }, new TextEncoder().encode("mine"));
    expect((await harness.upload(file, uploader)).status).toBe(201);
    expect(await ids("", READER)).toEqual(["1", "2", "3"]);
    const own = await page("withTotalPages=true&withTotalElements=true", uploader);
    expect(own.managedObjects.map((binary: { id: string; owner: string }) => [binary.id, binary.owner])).toEqual([
      ["3", "uploader"],
    ]);
    expect(own.statistics).toEqual({ currentPage: 1, pageSize: 5, totalPages: null, totalElements: null });
  });
});

describe("Cumulocity mock: list media types", () => {
  const typeFor = async (accept: string | undefined) => {
    const response = await harness.list("", accept === undefined ? ADMIN : { ...ADMIN, accept });
    expect(response.status).toBe(200);
    await response.json();
    return essence(response.headers.get("content-type"));
  };

  it("answers the vendor type by default and application/json to clients that prefer it", async () => {
    expect(await typeFor(undefined)).toBe(VENDOR_COLLECTION);
    expect(await typeFor("*/*")).toBe(VENDOR_COLLECTION);
    expect(await typeFor(`${VENDOR_ERROR}, ${VENDOR_COLLECTION}`)).toBe(VENDOR_COLLECTION);
    expect(await typeFor("application/vnd.com.nsn.cumulocity.managedObjectCollection+json;ver=0.9")).toBe(
      VENDOR_COLLECTION,
    );
    expect(await typeFor("application/json")).toBe("application/json");
    expect(await typeFor("application/json, */*")).toBe("application/json");
    expect(await typeFor(`application/json;q=0.5, ${VENDOR_COLLECTION}`)).toBe(VENDOR_COLLECTION);
    expect(await typeFor("text/html")).toBe(VENDOR_COLLECTION);
  });

  it("lists metadata only: the managed object, never the file's bytes", async () => {
    const body = await page("");
    expect(body.managedObjects[0]).toEqual({
      id: "1",
      self: `${BINARIES}/1`,
      name: "my_picture.png",
      type: "image/png",
      contentType: "image/png",
      length: 176,
      owner: "admin",
      creationTime: "2024-03-18T09:30:12.345Z",
      lastUpdated: "2024-03-18T09:30:12.345Z",
      c8y_IsBinary: {},
    });
  });
});
