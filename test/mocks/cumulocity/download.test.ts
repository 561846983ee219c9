import { namedExampleBytes } from "bytewire/mocks";
import { beforeEach, describe, expect, it } from "vitest";
import { ADMIN, basic, ERROR_INFO, essence, Harness, READER, uploadBody, VENDOR_ERROR } from "./harness.ts";

const PNG = namedExampleBytes("cumulocity-my-picture-png");
const ZIP = namedExampleBytes("cumulocity-my-compressed-file-zip");

let harness = new Harness();

beforeEach(() => {
  harness = new Harness();
});

async function ranged(range: string, id = "1"): Promise<{ response: Response; bytes: Uint8Array }> {
  const response = await harness.download(id, { ...ADMIN, range });
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

describe("Cumulocity mock: downloading binaries", () => {
  it("serves the demo files' bytes with their type, an attachment disposition, the length and Accept-Ranges", async () => {
    for (const [id, bytes, type, name] of [
      ["1", PNG, "image/png", "my_picture.png"],
      ["2", ZIP, "application/zip", "my_compressed_file.zip"],
    ] as const) {
      const response = await harness.download(id);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe(type);
      expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${name}"`);
      expect(response.headers.get("content-length")).toBe(String(bytes.byteLength));
      expect(response.headers.get("accept-ranges")).toBe("bytes");
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
    }
  });

  it("names a non-ASCII file with an ASCII filename and an RFC 8187 filename*", async () => {
    const created = await harness.upload(uploadBody({ name: 'Größe "€".pdf', type: "application/pdf" }, PNG));
    const { id } = await created.json();
    const response = await harness.download(id);
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="Gr__e \\"_\\".pdf"; filename*=UTF-8''Gr%C3%B6%C3%9Fe%20%22%E2%82%AC%22.pdf`,
    );
  });

  it("lets the read-only user download, by Basic or bearer token", async () => {
    expect((await harness.download("1", READER)).status).toBe(200);
    expect((await harness.download("2", { authorization: "Bearer reader-token" })).status).toBe(200);
  });

  it("refuses a user without a read role a binary it does not own (403)", async () => {
    harness = new Harness({ users: [{ name: "device", password: "secret", roles: ["ROLE_INVENTORY_CREATE"] }] });
    const response = await harness.download("1", basic("t100/device", "secret"));
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: "security/Forbidden",
      message: "Access is denied",
      info: ERROR_INFO,
    });
  });

  it("answers 404 inventory/Not Found for an unknown ID, under the vendor error type or JSON as asked", async () => {
    const response = await harness.download("99", { ...ADMIN, accept: "*/*" });
    expect(response.status).toBe(404);
    expect(essence(response.headers.get("content-type"))).toBe(VENDOR_ERROR);
    expect(await response.json()).toEqual({
      error: "inventory/Not Found",
      message: "Finding device data from database failed : No managedObject for id '99'!",
      info: ERROR_INFO,
    });
    const generated = await harness.download("99", { ...ADMIN, accept: `${VENDOR_ERROR}, application/octet-stream` });
    expect(essence(generated.headers.get("content-type"))).toBe(VENDOR_ERROR);
    const json = await harness.download("99", { ...ADMIN, accept: "application/json" });
    expect(essence(json.headers.get("content-type"))).toBe("application/json");
    expect((await json.json()).error).toBe("inventory/Not Found");
  });
});

describe("Cumulocity mock: ranged downloads", () => {
  it("answers bytes=0-63 with 206, Content-Range and the document's first-64-bytes example", async () => {
    const { response, bytes } = await ranged("bytes=0-63");
    expect(response.status).toBe(206);
    expect(response.headers.get("content-range")).toBe("bytes 0-63/176");
    expect(response.headers.get("content-length")).toBe("64");
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="my_picture.png"');
    expect(bytes).toEqual(namedExampleBytes("cumulocity-my-picture-png-first-64-bytes"));
  });

  it("resumes from a byte (bytes=a-), serves a tail (bytes=-n) and clamps an end past the file", async () => {
    const cases: [range: string, first: number, last: number][] = [
      ["bytes=64-", 64, 175],
      ["bytes=-16", 160, 175],
      ["bytes=100-999", 100, 175],
      ["bytes=175-175", 175, 175],
      ["bytes=-500", 0, 175],
      ["BYTES = 10 - 19", 10, 19],
    ];
    for (const [range, first, last] of cases) {
      const { response, bytes } = await ranged(range);
      expect(response.status, range).toBe(206);
      expect(response.headers.get("content-range")).toBe(`bytes ${first}-${last}/176`);
      expect(response.headers.get("content-length")).toBe(String(last - first + 1));
      expect(bytes).toEqual(PNG.subarray(first, last + 1));
    }
  });

  it("lets a download resume exactly: the first part plus the rest is the file", async () => {
    const head = await ranged("bytes=0-99", "2");
    const tail = await ranged("bytes=100-", "2");
    expect(new Uint8Array([...head.bytes, ...tail.bytes])).toEqual(ZIP);
  });

  it("answers 416 with Content-Range bytes */size for a range past the end or the last 0 bytes", async () => {
    for (const range of ["bytes=500-", "bytes=176-180", "bytes=176-", "bytes=-0"]) {
      const { response, bytes } = await ranged(range);
      expect(response.status, range).toBe(416);
      expect(response.headers.get("content-range")).toBe("bytes */176");
      expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual({
        error: "inventory/rangeNotSatisfiable",
        message: `The range ${range} is outside the file of 176 bytes.`,
        info: ERROR_INFO,
      });
    }
  });

  it("answers the whole file (200) to several ranges, another unit or a malformed range", async () => {
    for (const range of ["bytes=0-9,20-29", "bytes=0-9, -5", "items=0-5", "bytes=abc", "bytes=9-2", "bytes=-"]) {
      const { response, bytes } = await ranged(range);
      expect(response.status, range).toBe(200);
      expect(response.headers.get("content-range")).toBeNull();
      expect(bytes).toEqual(PNG);
    }
  });

  it("answers Range with an If-Range that no validator matches with the whole file (200), not 206", async () => {
    for (const ifRange of ['"etag-the-client-saw"', "Wed, 21 Oct 2026 07:28:00 GMT"]) {
      const response = await harness.download("1", { ...ADMIN, range: "bytes=0-63", "if-range": ifRange });
      expect(response.status, ifRange).toBe(200);
      expect(response.headers.get("content-range")).toBeNull();
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(PNG);
    }
  });

  it("serves an empty file whole, and answers any range of it with 416 bytes */0", async () => {
    const { id } = await (
      await harness.upload(uploadBody({ name: "empty", type: "text/plain" }, new Uint8Array()))
    ).json();
    const whole = await harness.download(id);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-length")).toBe("0");
    expect((await whole.arrayBuffer()).byteLength).toBe(0);
    for (const range of ["bytes=0-", "bytes=-1"]) {
      const { response } = await ranged(range, id);
      expect(response.status, range).toBe(416);
      expect(response.headers.get("content-range")).toBe("bytes */0");
    }
  });
});
