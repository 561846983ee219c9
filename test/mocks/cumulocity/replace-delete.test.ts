import { namedExample, namedExampleBytes } from "bytewire/mocks";
import { beforeEach, describe, expect, it } from "vitest";
import {
  ADMIN,
  BINARIES,
  ERROR_INFO,
  essence,
  Harness,
  multipart,
  ORIGIN,
  READER,
  START,
  VENDOR_OBJECT,
} from "./harness.ts";

const PNG = namedExampleBytes("cumulocity-my-picture-png");
const ZIP = namedExampleBytes("cumulocity-my-compressed-file-zip");
const ZIP_V2 = namedExampleBytes("cumulocity-my-compressed-file-v2-zip");
const HELLO = namedExampleBytes("cumulocity-hello-txt");

let harness = new Harness();

beforeEach(() => {
  harness = new Harness();
});

async function stored(id: string): Promise<{ type: string | null; bytes: Uint8Array }> {
  const response = await harness.download(id);
  expect(response.status).toBe(200);
  return { type: response.headers.get("content-type"), bytes: new Uint8Array(await response.arrayBuffer()) };
}

async function expectError(response: Response, status: number, error: string): Promise<string> {
  expect(response.status).toBe(status);
  const body = await response.json();
  expect(body).toMatchObject({ error, info: ERROR_INFO });
  return body.message;
}

describe("Cumulocity mock: replacing a binary (PUT)", () => {
  it("answers the document's replaced example: 201, new length, type and lastUpdated, the rest kept", async () => {
    harness.clock = Date.parse("2024-03-18T11:15:03.482Z");
    const response = await harness.replace("2", ZIP_V2, { "content-type": "application/zip" });
    expect(response.status).toBe(201);
    expect(essence(response.headers.get("content-type"))).toBe(VENDOR_OBJECT);
    const expected = JSON.parse(
      JSON.stringify(namedExample("cumulocity-binary-replaced")).replaceAll("https://t100.cumulocity.com", ORIGIN),
    );
    expect(await response.json()).toEqual(expected);
    expect(await stored("2")).toEqual({ type: "application/zip", bytes: ZIP_V2 });
  });

  it("takes contentType from the request's Content-Type, while type and name stay", async () => {
    harness.clock = START + 60_000;
    const response = await harness.replace("1", HELLO, { "content-type": "text/plain;charset=UTF-8" });
    expect(await response.json()).toMatchObject({
      id: "1",
      name: "my_picture.png",
      type: "image/png",
      contentType: "text/plain;charset=UTF-8",
      length: 14,
      creationTime: "2024-03-18T09:30:12.345Z",
      lastUpdated: "2026-11-22T10:01:00.000Z",
    });
    expect(await stored("1")).toEqual({ type: "text/plain;charset=UTF-8", bytes: HELLO });
    await harness.replace("1", PNG, { "content-type": "application/octet-stream" });
    expect(await stored("1")).toEqual({ type: "application/octet-stream", bytes: PNG });
  });

  it("stores an empty replacement as an empty file", async () => {
    const response = await harness.replace("1", new Uint8Array(), { "content-type": "application/octet-stream" });
    expect(response.status).toBe(201);
    expect((await response.json()).length).toBe(0);
    expect((await stored("1")).bytes).toEqual(new Uint8Array());
  });

  it("stores a JSON replacement that is valid JSON, and rejects text sent as application/json (400)", async () => {
    const json = new TextEncoder().encode('{"interval":60,"targets":["a","b"]}');
    expect((await harness.replace("2", json, { "content-type": "application/json" })).status).toBe(201);
    expect(await stored("2")).toEqual({ type: "application/json", bytes: json });
    const message = await expectError(
      await harness.replace("1", HELLO, { "content-type": "application/json" }),
      400,
      "undefined/validationError",
    );
    expect(message).toMatch(/JSON/);
    expect(await stored("1")).toEqual({ type: "image/png", bytes: PNG });
  });

  it("rejects a replacement without Content-Type, without a body, or as multipart with 400", async () => {
    const none = await harness.send(`${BINARIES}/1`, { method: "PUT", body: ZIP_V2, headers: ADMIN });
    expect(await expectError(none, 400, "undefined/validationError")).toMatch(/Content-Type/);
    const empty = await harness.send(`${BINARIES}/1`, { method: "PUT", headers: ADMIN });
    await expectError(empty, 400, "undefined/validationError");
    const form = multipart([{ name: "file", filename: "a.zip", body: ZIP_V2 }]);
    const multipartPut = await harness.replace("1", form.bytes, { "content-type": form.contentType });
    expect(await expectError(multipartPut, 400, "undefined/validationError")).toMatch(/multipart/);
    expect(await stored("1")).toEqual({ type: "image/png", bytes: PNG });
  });

  it("answers 404 for an unknown ID and 403 to the read-only user, leaving the file alone", async () => {
    await expectError(
      await harness.replace("99", ZIP_V2, { "content-type": "application/zip" }),
      404,
      "inventory/Not Found",
    );
    const forbidden = await harness.replace("2", ZIP_V2, { ...READER, "content-type": "application/zip" });
    expect(await expectError(forbidden, 403, "security/Forbidden")).toBe("Access is denied");
    const byToken = await harness.replace("2", ZIP_V2, {
      authorization: "Bearer reader-token",
      "content-type": "application/zip",
    });
    await expectError(byToken, 403, "security/Forbidden");
    expect(await stored("2")).toEqual({ type: "application/zip", bytes: ZIP });
  });

  it("answers 413 above the limit (default 50 MiB) and keeps the old file", async () => {
    const tooLarge = new Uint8Array(50 * 1024 * 1024 + 1);
    const response = await harness.replace("2", tooLarge, { "content-type": "application/octet-stream" });
    expect(await expectError(response, 413, "general/requestEntityTooLarge")).toBe(
      "The request body is larger than the limit of 52428800 bytes.",
    );
    expect(await stored("2")).toEqual({ type: "application/zip", bytes: ZIP });
  });
});

describe("Cumulocity mock: deleting a binary", () => {
  it("answers 204 with no body; then download, replace and delete of that ID answer 404", async () => {
    const response = await harness.remove("1");
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
    await expectError(await harness.download("1"), 404, "inventory/Not Found");
    await expectError(await harness.replace("1", PNG, { "content-type": "image/png" }), 404, "inventory/Not Found");
    await expectError(await harness.remove("1"), 404, "inventory/Not Found");
    expect(await harness.ids()).toEqual(["2"]);
  });

  it("refuses the read-only user with 403 and keeps the binary", async () => {
    expect(await expectError(await harness.remove("1", READER), 403, "security/Forbidden")).toBe("Access is denied");
    expect(await harness.ids()).toEqual(["1", "2"]);
  });

  it("deletes with the admin's bearer token, and reset brings the demo files back", async () => {
    expect((await harness.remove("2", { authorization: "Bearer admin-token" })).status).toBe(204);
    expect(await harness.ids()).toEqual(["1"]);
    harness.mock.reset();
    expect(await harness.ids()).toEqual(["1", "2"]);
    expect(await stored("2")).toEqual({ type: "application/zip", bytes: ZIP });
  });
});
