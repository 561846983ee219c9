import { namedExampleBytes } from "bytewire/mocks";
import { beforeEach, describe, expect, it } from "vitest";
import {
  ADMIN,
  BINARIES,
  basic,
  ERROR_INFO,
  essence,
  Harness,
  multipart,
  READER,
  START,
  uploadBody,
  VENDOR_ERROR,
  VENDOR_OBJECT,
} from "./harness.ts";

const PDF = namedExampleBytes("cumulocity-my-file-pdf");
// Every byte value, CRLFs and a near-miss of the delimiter (two dashes short) inside: a parser that is not byte-exact
// changes this file.
const AWKWARD = Uint8Array.from([
  ...Array.from({ length: 256 }, (_, index) => index),
  ...new TextEncoder().encode("\r\n----bytewire-test-boundary\r\n--\r\n"),
  13,
  10,
]);

let harness = new Harness();

beforeEach(() => {
  harness = new Harness();
});

async function downloaded(id: string): Promise<Uint8Array> {
  const response = await harness.download(id);
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

async function expectRejected(response: Response, status: number, error: string): Promise<string> {
  expect(response.status).toBe(status);
  const body = await response.json();
  expect(body).toMatchObject({ error, info: ERROR_INFO });
  expect(await harness.ids()).toEqual(["1", "2"]);
  return body.message;
}

describe("Cumulocity mock: uploading binaries", () => {
  it("stores the seed's three parts and answers 201 with Location and the managed object", async () => {
    harness.clock = START + 1234;
    const body = multipart([
      {
        name: "object",
        body: JSON.stringify({ name: "my-file.pdf", type: "application/pdf", c8y_Kind: { purpose: "contract" } }),
      },
      { name: "filesize", body: "585" },
      { name: "file", filename: "my-file.pdf", contentType: "application/pdf", body: PDF },
    ]);
    const response = await harness.upload(body);
    expect(response.status).toBe(201);
    expect(response.headers.get("location")).toBe(`${BINARIES}/3`);
    expect(await response.json()).toEqual({
      id: "3",
      self: `${BINARIES}/3`,
      name: "my-file.pdf",
      type: "application/pdf",
      contentType: "application/pdf",
      length: 585,
      owner: "admin",
      creationTime: "2026-11-22T10:00:01.234Z",
      lastUpdated: "2026-11-22T10:00:01.234Z",
      c8y_IsBinary: {},
      c8y_Kind: { purpose: "contract" },
    });
    expect(await downloaded("3")).toEqual(PDF);
    expect(await harness.ids()).toEqual(["1", "2", "3"]);
  });

  it("keeps the bytes exact whatever the part order, filenames and part types", async () => {
    const object = JSON.stringify({ name: "awkward.bin", type: "application/x-awkward" });
    const bodies = {
      "@c8y/client: file first, object without a type": [
        { name: "file", filename: "awkward.bin", contentType: "application/octet-stream", body: AWKWARD },
        { name: "object", body: object },
      ],
      "Python: no filenames, no part types": [
        { name: "object", body: object },
        { name: "file", body: AWKWARD },
      ],
      "Java/.NET: file as text/plain": [
        { name: "object", contentType: "application/json", body: object },
        { name: "file", filename: "awkward.bin", contentType: "text/plain", body: AWKWARD },
      ],
    };
    for (const [client, parts] of Object.entries(bodies)) {
      const response = await harness.upload(multipart(parts));
      expect(response.status, client).toBe(201);
      const { id } = await response.json();
      expect(await downloaded(id), client).toEqual(AWKWARD);
    }
  });

  it("stores the file part's type, application/octet-stream when it has none, never object.type", async () => {
    const cases: [partType: string | undefined, objectType: string, stored: string][] = [
      ["image/png", "application/octet-stream", "image/png"],
      ["text/plain; charset=utf-8", "text/csv", "text/plain; charset=utf-8"],
      ["application/octet-stream", "application/pdf", "application/octet-stream"],
      // @c8y/client's default upload: a file part without type and the managed object type c8y_upload.
      [undefined, "c8y_upload", "application/octet-stream"],
      [undefined, "application/pdf", "application/octet-stream"],
    ];
    for (const [partType, objectType, stored] of cases) {
      const response = await harness.upload(
        multipart([
          { name: "object", body: JSON.stringify({ name: "f", type: objectType }) },
          { name: "file", filename: "f", ...(partType ? { contentType: partType } : {}), body: PDF },
        ]),
      );
      const binary = await response.json();
      expect(binary.contentType, String(partType)).toBe(stored);
      expect(binary.type).toBe(objectType);
      expect((await harness.download(binary.id)).headers.get("content-type")).toBe(stored);
    }
  });

  it("answers POST and PUT without an Accept header with an empty 201, and stores the file all the same", async () => {
    const body = multipart([
      { name: "object", body: JSON.stringify({ name: "f.pdf", type: "application/pdf" }) },
      { name: "file", filename: "f.pdf", contentType: "application/pdf", body: PDF },
    ]);
    const created = await harness.send(BINARIES, {
      method: "POST",
      body: body.bytes,
      headers: { ...ADMIN, "content-type": body.contentType },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("content-type")).toBeNull();
    expect(await created.text()).toBe("");
    const id = created.headers.get("location")?.split("/").pop() ?? "";
    expect(await downloaded(id)).toEqual(PDF);
    const replaced = await harness.send(`${BINARIES}/${id}`, {
      method: "PUT",
      body: AWKWARD,
      headers: { ...ADMIN, "content-type": "application/octet-stream", accept: "" },
    });
    expect(replaced.status).toBe(201);
    expect(await replaced.text()).toBe("");
    expect(await downloaded(id)).toEqual(AWKWARD);
  });

  it("ignores a preamble and an epilogue, as RFC 2046 allows, and keeps the file exact", async () => {
    const text =
      "This is the preamble; it is to be ignored.\r\n" +
      '--b\r\nContent-Disposition: form-data; name="object"\r\n\r\n{"name":"p.bin","type":"application/octet-stream"}\r\n' +
      '--b\r\nContent-Disposition: form-data; name="file"; filename="p.bin"\r\n\r\n';
    const head = new TextEncoder().encode(text);
    const tail = new TextEncoder().encode("\r\n--b--\r\n");
    const epilogue = new TextEncoder().encode("This is the epilogue; it is to be ignored too.\r\n");
    // Sent in pieces, so that the preamble and the epilogue arrive in chunks of their own.
    const chunks = [head.subarray(0, 10), head.subarray(10), AWKWARD, tail, epilogue];
    const streamed: RequestInit & { duplex: "half" } = {
      method: "POST",
      duplex: "half",
      headers: { ...ADMIN, accept: "application/json", "content-type": "multipart/form-data; boundary=b" },
      body: new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next) {
            controller.enqueue(next.slice());
          } else {
            controller.close();
          }
        },
      }),
    };
    const created = await harness.send(BINARIES, streamed);
    expect(created.status).toBe(201);
    expect(await downloaded((await created.json()).id)).toEqual(AWKWARD);
  });

  it("keeps custom fragments but not server-managed properties from object", async () => {
    const object = {
      name: "x.pdf",
      type: "application/pdf",
      id: "77",
      self: "https://evil.example/77",
      owner: "mallory",
      length: 1,
      contentType: "text/html",
      creationTime: "2000-01-01T00:00:00.000Z",
      lastUpdated: "2000-01-01T00:00:00.000Z",
      c8y_IsBinary: { forged: true },
      _attachments: {},
      c8y_Position: { lat: 52.1, lng: 4.3 },
      tags: ["a", "b"],
    };
    const response = await harness.upload(uploadBody(object, PDF, "application/pdf"));
    expect(await response.json()).toEqual({
      id: "3",
      self: `${BINARIES}/3`,
      name: "x.pdf",
      type: "application/pdf",
      contentType: "application/pdf",
      length: 585,
      owner: "admin",
      creationTime: "2026-11-22T10:00:00.000Z",
      lastUpdated: "2026-11-22T10:00:00.000Z",
      c8y_IsBinary: {},
      c8y_Position: { lat: 52.1, lng: 4.3 },
      tags: ["a", "b"],
    });
  });

  it("hands out IDs in order, never reuses a deleted one, and starts again at 3 after reset", async () => {
    const ids: string[] = [];
    for (let index = 0; index < 2; index++) {
      ids.push((await (await harness.upload(uploadBody({ name: "a", type: "text/plain" }, PDF))).json()).id);
    }
    expect(ids).toEqual(["3", "4"]);
    expect((await harness.remove("4")).status).toBe(204);
    expect((await (await harness.upload(uploadBody({ name: "b", type: "text/plain" }, PDF))).json()).id).toBe("5");
    harness.mock.reset();
    expect(await harness.ids()).toEqual(["1", "2"]);
    expect((await (await harness.upload(uploadBody({ name: "c", type: "text/plain" }, PDF))).json()).id).toBe("3");
  });

  it("answers the vendor type by default (curl's */*) and application/json when asked", async () => {
    const body = uploadBody({ name: "a.pdf", type: "application/pdf" }, PDF);
    const vendor = await harness.upload(body, { ...ADMIN, accept: "*/*" });
    expect(essence(vendor.headers.get("content-type"))).toBe(VENDOR_OBJECT);
    const generated = await harness.upload(body, { ...ADMIN, accept: `${VENDOR_ERROR}, ${VENDOR_OBJECT}` });
    expect(essence(generated.headers.get("content-type"))).toBe(VENDOR_OBJECT);
    const json = await harness.upload(body, { ...ADMIN, accept: "application/json" });
    expect(essence(json.headers.get("content-type"))).toBe("application/json");
    expect((await json.json()).id).toBe("5");
  });
});

describe("Cumulocity mock: rejected uploads leave the store unchanged", () => {
  it("rejects a filesize that differs from the file's byte length with 400", async () => {
    const body = (filesize: string) =>
      multipart([
        { name: "object", body: JSON.stringify({ name: "my-file.pdf", type: "application/pdf" }) },
        { name: "filesize", body: filesize },
        { name: "file", filename: "my-file.pdf", contentType: "application/pdf", body: PDF },
      ]);
    const message = await expectRejected(await harness.upload(body("217152")), 400, "undefined/validationError");
    expect(message).toBe("The filesize part says 217152 bytes, but the file part has 585 bytes.");
    await expectRejected(await harness.upload(body("584")), 400, "undefined/validationError");
    await expectRejected(await harness.upload(body("five hundred")), 400, "undefined/validationError");
    await expectRejected(await harness.upload(body("-585")), 400, "undefined/validationError");
    expect((await harness.upload(body("585"))).status).toBe(201);
  });

  it("rejects a body without file or without object", async () => {
    const object = { name: "object", body: JSON.stringify({ name: "a", type: "text/plain" }) };
    const file = { name: "file", filename: "a", body: PDF };
    expect(await expectRejected(await harness.upload(multipart([object])), 400, "undefined/validationError")).toMatch(
      /file/,
    );
    expect(await expectRejected(await harness.upload(multipart([file])), 400, "undefined/validationError")).toMatch(
      /object/,
    );
    const renamed = multipart([object, { ...file, name: "upload" }]);
    await expectRejected(await harness.upload(renamed), 400, "undefined/validationError");
  });

  it("rejects an object part that is not a JSON object with name and type", async () => {
    const file = { name: "file", filename: "a", body: PDF };
    for (const text of [
      "not json",
      "[]",
      '"a.pdf"',
      '{"name":"a.pdf"}',
      '{"type":"application/pdf"}',
      '{"name":"","type":"x/y"}',
      '{"name":1,"type":"x/y"}',
    ]) {
      const body = multipart([{ name: "object", contentType: "application/json", body: text }, file]);
      await expectRejected(await harness.upload(body), 400, "undefined/validationError");
    }
  });

  it("rejects malformed multipart: no closing boundary, no boundary parameter, an empty body, a nameless part", async () => {
    const good = uploadBody({ name: "a", type: "text/plain" }, PDF);
    const truncated = good.bytes.subarray(0, good.bytes.length - 40);
    const send = (bytes: Uint8Array<ArrayBuffer>, contentType: string) =>
      harness.send(BINARIES, { method: "POST", body: bytes, headers: { ...ADMIN, "content-type": contentType } });
    await expectRejected(await send(truncated.slice(), good.contentType), 400, "undefined/validationError");
    await expectRejected(await send(good.bytes, "multipart/form-data"), 400, "undefined/validationError");
    await expectRejected(await send(new Uint8Array(), good.contentType), 400, "undefined/validationError");
    const nameless = new TextEncoder().encode("--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--\r\n");
    await expectRejected(await send(nameless, "multipart/form-data; boundary=b"), 400, "undefined/validationError");
  });

  it("rejects a body that is not multipart with 415, in Cumulocity's shape", async () => {
    const json = await harness.send(BINARIES, {
      method: "POST",
      body: JSON.stringify({ name: "a", type: "text/plain" }),
      headers: { ...ADMIN, "content-type": "application/json" },
    });
    await expectRejected(json, 415, "general/unsupportedMediaType");
    const raw = await harness.send(BINARIES, {
      method: "POST",
      body: PDF,
      headers: { ...ADMIN, "content-type": "application/pdf" },
    });
    await expectRejected(raw, 415, "general/unsupportedMediaType");
    const none = await harness.send(BINARIES, { method: "POST", body: PDF, headers: ADMIN });
    await expectRejected(none, 415, "general/unsupportedMediaType");
  });

  it("rejects a body over the configured limit with 413 and accepts one exactly at it", async () => {
    const body = uploadBody({ name: "a", type: "text/plain" }, new Uint8Array(1000));
    harness = new Harness({ maxUploadBytes: body.bytes.byteLength });
    expect((await harness.upload(body)).status).toBe(201);
    harness = new Harness({ maxUploadBytes: body.bytes.byteLength - 1 });
    const message = await expectRejected(await harness.upload(body), 413, "general/requestEntityTooLarge");
    expect(message).toBe(`The request body is larger than the limit of ${body.bytes.byteLength - 1} bytes.`);
  });

  it("refuses the read-only user with 403 security/Forbidden, Access is denied", async () => {
    const response = await harness.upload(uploadBody({ name: "a", type: "text/plain" }, PDF), READER);
    expect(await expectRejected(response, 403, "security/Forbidden")).toBe("Access is denied");
  });

  it("lets a user with ROLE_INVENTORY_CREATE upload; the binary is its own, and so it may delete it", async () => {
    harness = new Harness({
      users: [
        { name: "admin", password: "admin", roles: ["ROLE_INVENTORY_ADMIN"] },
        { name: "device", password: "secret", roles: ["ROLE_BINARY_CREATE"] },
      ],
    });
    const device = basic("t100/device", "secret");
    const response = await harness.upload(uploadBody({ name: "log.txt", type: "text/plain" }, PDF), device);
    expect(response.status).toBe(201);
    expect((await response.json()).owner).toBe("device");
    expect((await harness.download("3", device)).status).toBe(200);
    expect((await harness.download("1", device)).status).toBe(403);
    expect((await harness.remove("1", device)).status).toBe(403);
    expect((await harness.remove("3", device)).status).toBe(204);
  });
});
