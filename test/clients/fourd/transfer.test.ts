import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AbortError, ApiError, InvalidInputError, type Progress } from "bytewire/fourd";
import { createFourDMock, namedExampleBytes } from "bytewire/mocks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useMockedApis } from "../../support/msw.ts";
import { BASE_URL, caught, chunkedStream, guestClient, queryOf, sameBytes, testClient } from "./harness.ts";

useMockedApis(() => [createFourDMock()]);

const JPEG = namedExampleBytes("fourd-profile-picture-jpeg");
const PNG = namedExampleBytes("fourd-employee-photo-png");
const PDF = namedExampleBytes("fourd-contract-pdf");

function patterned(size: number): Uint8Array<ArrayBuffer> {
  return Uint8Array.from({ length: size }, (_, index) => (index * 31 + (index >> 9)) & 0xff);
}

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "bytewire-fourd-transfer-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("downloads", () => {
  it("a BLOB comes with its bytes, and `undefined` stands for 4D's {} (no picture)", async () => {
    const { client } = testClient();
    const contract = await client.download({ dataClass: "Documents", key: 42, attribute: "contract" });
    expect(contract?.bodyUsed).toBe(false);
    expect(await contract?.bytes()).toEqual(PDF);
    expect(await client.download({ dataClass: "User", key: 6, attribute: "profilePicture" })).toBeUndefined();
  });

  it("asks for a picture format with $imageformat (and $expand, $version) instead of $binary", async () => {
    const { client, sent } = guestClient();
    const picture = await client.download(
      { dataClass: "Employee", key: 1, attribute: "photo" },
      { imageFormat: "best", version: 1 },
    );
    expect(queryOf(sent[0])).toEqual({ $imageformat: "best", $expand: "photo", $version: "1" });
    expect(await picture?.bytes()).toEqual(PNG);
  });

  it("reports progress up to the size", async () => {
    const { client } = testClient();
    const calls: Progress[] = [];
    const picture = await client.download(
      { dataClass: "User", key: 5, attribute: "profilePicture" },
      { onDownloadProgress: (progress) => calls.push(progress) },
    );
    await picture?.arrayBuffer();
    expect(calls.at(-1)).toEqual({ loaded: JPEG.byteLength, total: JPEG.byteLength });
  });

  it("turns __ERROR answers into ApiErrors with 4D's errCode", async () => {
    const { client } = guestClient();
    const unknownClass = await caught(() => client.download({ dataClass: "Nobody", key: 1, attribute: "x" }));
    expect(unknownClass).toMatchObject({ status: 404, code: "1800", api: "fourd", kind: "not_found" });
    const unknownEntity = await caught(() =>
      client.download({ dataClass: "User", key: 99, attribute: "profilePicture" }),
    );
    expect(unknownEntity).toBeInstanceOf(ApiError);
    expect(unknownEntity).toMatchObject({ status: 404, code: "1542", kind: "not_found" });
    expect(String(unknownEntity)).toContain(`GET ${BASE_URL}/rest/User(99)/profilePicture`);
  });

  it("refuses keys and names that cannot be addressed before sending anything", async () => {
    const { client, sent } = testClient();
    for (const ref of [
      { dataClass: "User", key: 1.5, attribute: "profilePicture" },
      { dataClass: "User", key: 'a"b', attribute: "profilePicture" },
      { dataClass: "User", key: "", attribute: "profilePicture" },
      { dataClass: "User/../x", key: 5, attribute: "profilePicture" },
      { dataClass: "User", key: 5, attribute: "profilePicture?$x=1" },
    ]) {
      expect(await caught(() => client.download(ref))).toBeInstanceOf(InvalidInputError);
    }
    expect(sent).toHaveLength(0);
  });

  it("writes a string key in double quotes", async () => {
    const { client, sent } = guestClient();
    const error = await caught(() => client.get({ dataClass: "User", key: "ABC" }));
    expect(sent[0]?.url).toBe(`${BASE_URL}/rest/User(%22ABC%22)`);
    expect(error).toBeInstanceOf(ApiError);
  });

  it("a body shorter than its Content-Length is an InvalidResponseError, never a short file", async () => {
    const { client } = guestClient({
      fetch: async () =>
        new Response(PDF.slice(0, 100), {
          headers: { "Content-Type": "application/pdf", "Content-Length": String(PDF.byteLength) },
        }),
    });
    const contract = await client.download({ dataClass: "Documents", key: 42, attribute: "contract" });
    expect(contract?.size).toBe(PDF.byteLength);
    expect(await caught(() => contract?.bytes() ?? Promise.resolve())).toMatchObject({
      name: "InvalidResponseError",
      code: "BODY_LENGTH_MISMATCH",
      kind: "invalid_response",
    });
    const again = await client.download({ dataClass: "Documents", key: 42, attribute: "contract" });
    const path = join(folder, "short.pdf");
    expect(await caught(() => again?.saveTo(path) ?? Promise.resolve())).toMatchObject({
      code: "BODY_LENGTH_MISMATCH",
    });
    expect(await caught(() => stat(path))).toMatchObject({ code: "ENOENT" });
  });

  it("stops a download whose signal aborts after the headers", async () => {
    const { client } = testClient();
    const controller = new AbortController();
    const picture = await client.download(
      { dataClass: "User", key: 5, attribute: "profilePicture" },
      { signal: controller.signal },
    );
    controller.abort();
    expect(await caught(() => picture?.bytes() ?? Promise.resolve())).toBeInstanceOf(AbortError);
  });
});

describe("uploads", () => {
  it("sends a PDF as a BLOB ($binary=true) from a path and stores it byte for byte", async () => {
    const path = join(folder, "contract.pdf");
    const bytes = patterned(300_000);
    await writeFile(path, bytes);
    const { client, sent } = testClient();
    const saved = await client.upload({ dataClass: "Documents", key: 43, attribute: "contract" }, path);
    expect(saved.__KEY).toBe("43");
    const upload = sent.find((request) => request.url.includes("$upload"));
    expect(queryOf(upload)).toEqual({ $binary: "true" });
    expect(upload?.headers.get("content-type")).toBe("application/pdf");
    const back = await client.download({ dataClass: "Documents", key: 43, attribute: "contract" });
    expect(sameBytes(await back?.bytes(), bytes)).toBe(true);
  });

  it("streams a ReadableStream of unknown length, with progress", async () => {
    const bytes = patterned(500_000);
    const { client } = testClient();
    const calls: Progress[] = [];
    const id = await client.uploadFile(chunkedStream(bytes, 50_000), {
      kind: "blob",
      onUploadProgress: (progress) => calls.push(progress),
    });
    expect(id).toMatch(/^[0-9A-F]{32}$/);
    expect(calls.at(-1)).toEqual({ loaded: 500_000, total: undefined });
    expect(calls.length).toBeGreaterThan(2);
  });

  it("a stale stamp is 4D's inline errCode 1263, and the stored picture does not change", async () => {
    const { client } = testClient();
    const { __STAMP } = await client.get({ dataClass: "User", key: 5 });
    const error = await caught(() =>
      client.upload(
        { dataClass: "User", key: 5, attribute: "profilePicture" },
        new Blob([PNG], { type: "image/png" }),
        { stamp: __STAMP - 1 },
      ),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 200, code: "1263", api: "fourd", kind: "precondition_failed" });
    const picture = await client.download({ dataClass: "User", key: 5, attribute: "profilePicture" });
    expect(await picture?.bytes()).toEqual(JPEG);
  });

  it("an abort before sending rejects with AbortError and sends nothing", async () => {
    const { client, sent } = testClient();
    const error = await caught(() => client.uploadFile(new Blob([PNG]), { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(AbortError);
    expect(sent).toHaveLength(0);
  });

  it("the raw client reaches every operation with 4D's parameter names", async () => {
    const { client } = testClient();
    const login = await client.raw.POST("/rest/$directory/login", {
      params: { header: { "username-4D": "admin", "password-4D": "admin" } },
    });
    expect(login.data?.result).toBe(true);
    const list = await client.raw.GET("/rest/{dataClass}", {
      params: { path: { dataClass: "User" }, query: { $filter: `"department='HR'"`, $top: 1 } },
    });
    expect(list.data).toMatchObject({ __COUNT: 2, __SENT: 1 });
    const logout = await client.raw.GET("/rest/$directory/logout");
    expect(logout.data?.result).toBe(true);
  });
});
