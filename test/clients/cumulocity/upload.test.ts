import { Readable } from "node:stream";
import {
  AbortError,
  ApiError,
  createCumulocityClient,
  InvalidInputError,
  InvalidResponseError,
  NetworkError,
  type Progress,
} from "bytewire/cumulocity";
import { createCumulocityMock, namedExampleBytes } from "bytewire/mocks";
import { describe, expect, it } from "vitest";
import { useMockedApis } from "../../support/msw.ts";
import {
  BASE_URL,
  caught,
  chunkedStream,
  logRecorder,
  READER,
  sameBytes,
  serverError,
  testClient,
  wireParts,
} from "./harness.ts";

useMockedApis(() => [createCumulocityMock()]);

const PDF = namedExampleBytes("cumulocity-my-file-pdf");
const VENDOR_OBJECT = "application/vnd.com.nsn.cumulocity.managedobject+json";

function patterned(size: number): Uint8Array<ArrayBuffer> {
  return Uint8Array.from({ length: size }, (_, index) => (index * 31 + (index >> 8)) & 0xff);
}

describe("upload: the multipart body on the wire", () => {
  it("sends object (JSON, application/json) then file (filename, type), with the boundary and Accept", async () => {
    const { client, sent } = testClient();
    const file = new File([PDF], "report-final.pdf", { type: "application/pdf" });
    const binary = await client.upload(file, { name: "my-file.pdf", type: "application/pdf", c8y_Kind: { a: 1 } });

    const request = sent[0];
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe(`${BASE_URL}/inventory/binaries`);
    const contentType = request?.headers.get("content-type") ?? "";
    expect(contentType).toMatch(/^multipart\/form-data; boundary=----bytewire-[0-9a-f]{32}$/);
    expect(request?.headers.get("accept")).toBe(
      `${VENDOR_OBJECT}, application/vnd.com.nsn.cumulocity.error+json, application/json`,
    );

    const body = (await request?.body()) ?? new Uint8Array();
    const parts = wireParts(body, contentType);
    expect(parts.map((part) => part.headers["content-disposition"])).toEqual([
      'form-data; name="object"',
      'form-data; name="file"; filename="my-file.pdf"',
    ]);
    expect(parts[0]?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(parts[0]?.content ?? "")).toEqual({
      name: "my-file.pdf",
      type: "application/pdf",
      c8y_Kind: { a: 1 },
    });
    expect(parts[1]?.headers["content-type"]).toBe("application/pdf");
    expect(Buffer.from(parts[1]?.content ?? "", "latin1")).toEqual(Buffer.from(PDF));

    // undici's own multipart parser reads the same fields back.
    const form = await new Response(body, { headers: { "content-type": contentType } }).formData();
    expect([...form.keys()]).toEqual(["object", "file"]);
    const part = form.get("file") as File;
    expect(part.name).toBe("my-file.pdf");
    expect(part.type).toBe("application/pdf");
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(PDF);

    expect(binary).toMatchObject({ name: "my-file.pdf", c8y_Kind: { a: 1 }, length: PDF.byteLength });
  });

  it("fills object.name and type from a File, and the file's type from object.type for typeless bytes", async () => {
    const { client, sent } = testClient();
    const fromFile = await client.upload(new File(["x,y\n1,2\n"], "table.csv", { type: "text/csv" }));
    expect(fromFile).toMatchObject({ name: "table.csv", type: "text/csv", contentType: "text/csv", length: 8 });

    const fromBytes = await client.upload(new Uint8Array([1, 2, 3]), { name: "raw.bin", type: "application/x-raw" });
    expect(fromBytes).toMatchObject({
      name: "raw.bin",
      type: "application/x-raw",
      contentType: "application/x-raw",
    });
    const parts = wireParts((await sent[1]?.body()) ?? new Uint8Array(), sent[1]?.headers.get("content-type") ?? "");
    expect(parts[1]?.headers).toEqual({
      "content-disposition": 'form-data; name="file"; filename="raw.bin"',
      "content-type": "application/x-raw",
    });

    const explicit = await client.upload(
      new Uint8Array([4]),
      { name: "a.dat" },
      { filename: "b.dat", contentType: "image/png" },
    );
    expect(explicit).toMatchObject({ name: "a.dat", type: "image/png", contentType: "image/png" });
    const explicitParts = wireParts(
      (await sent[2]?.body()) ?? new Uint8Array(),
      sent[2]?.headers.get("content-type") ?? "",
    );
    expect(explicitParts[1]?.headers["content-disposition"]).toBe('form-data; name="file"; filename="b.dat"');

    const unknownType = await client.upload(new Uint8Array([5]), { name: "c" });
    expect(unknownType).toMatchObject({ type: "application/octet-stream" });
  });

  it("a per-call Content-Type header cannot replace the multipart type and its boundary", async () => {
    const { client, sent } = testClient();
    const binary = await client.upload(
      new Blob(["a,b\n"], { type: "text/csv" }),
      { name: "t.csv" },
      { headers: { "content-type": "application/json", "X-Trace": "up-1" } },
    );
    expect(binary).toMatchObject({ name: "t.csv", contentType: "text/csv", length: 4 });
    expect(sent[0]?.headers.get("content-type")).toMatch(/^multipart\/form-data; boundary=----bytewire-[0-9a-f]{32}$/);
    expect(sent[0]?.headers.get("x-trace")).toBe("up-1");
  });

  it("refuses an upload without any name (MISSING_NAME) before sending", async () => {
    const { client, sent } = testClient();
    const error = await caught(() => client.upload(new Uint8Array([1, 2]), { type: "application/pdf" }));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ code: "MISSING_NAME", kind: "invalid_input" });
    expect(sent).toHaveLength(0);
  });

  it("sends no filesize part unless legacyFilesize asks, then the size the mock checks; never for an unknown size", async () => {
    const { client, sent } = testClient();
    await client.upload(new Blob([PDF]), { name: "a.pdf", type: "application/pdf" });
    const plain = wireParts((await sent[0]?.body()) ?? new Uint8Array(), sent[0]?.headers.get("content-type") ?? "");
    expect(plain.map((part) => part.headers["content-disposition"])).not.toContain('form-data; name="filesize"');

    const binary = await client.upload(
      new Blob([PDF]),
      { name: "b.pdf", type: "application/pdf" },
      { legacyFilesize: true },
    );
    expect(binary.length).toBe(585);
    const legacy = wireParts((await sent[1]?.body()) ?? new Uint8Array(), sent[1]?.headers.get("content-type") ?? "");
    expect(legacy.map((part) => part.headers["content-disposition"]?.split('"')[1])).toEqual([
      "object",
      "filesize",
      "file",
    ]);
    expect(legacy[1]?.content).toBe("585");

    const error = await caught(() => client.upload(chunkedStream(PDF), { name: "c.pdf" }, { legacyFilesize: true }));
    expect(error).toMatchObject({ name: "InvalidInputError", code: "SIZE_UNKNOWN" });
    expect(sent).toHaveLength(2);
  });

  it("uploads a ReadableStream and a Node Readable without a size, byte for byte", async () => {
    const { client } = testClient();
    const bytes = patterned(300_000);
    const fromWeb = await client.upload(chunkedStream(bytes, 10_000), { name: "web.bin" });
    expect(fromWeb.length).toBe(300_000);
    expect(sameBytes(await (await client.download(fromWeb.id)).bytes(), bytes)).toBe(true);

    const fromNode = await client.upload(Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]), {
      name: "node.bin",
    });
    expect(sameBytes(await (await client.download(fromNode.id)).bytes(), bytes)).toBe(true);
  });

  it("throws SIZE_MISMATCH when a stream carries fewer bytes than its declared size", async () => {
    // Sent like a network fetch sends it: undici reads the body and rejects with `TypeError: fetch failed` whose
    // cause is the stream's error. (Through MSW the mock would read the body instead and answer 500.)
    const { client } = testClient({}, async (request) => {
      try {
        await request.arrayBuffer();
      } catch (cause) {
        throw new TypeError("fetch failed", { cause });
      }
      throw new Error("the body should have failed its size check");
    });
    const error = await caught(() =>
      client.upload(chunkedStream(patterned(1000)), { name: "short.bin" }, { size: 2000 }),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ code: "SIZE_MISMATCH" });
    expect((error as Error).message).toContain("1000 of the 2000 bytes");
  });
});

describe("upload: progress, errors, no retries", () => {
  it("reports progress for a stream of known size (Node stream path) up to the whole multipart body", async () => {
    const { client, sent } = testClient();
    const bytes = patterned(600_000);
    const calls: Progress[] = [];
    const binary = await client.upload(
      chunkedStream(bytes),
      { name: "progress.bin" },
      { size: bytes.byteLength, onUploadProgress: (progress) => calls.push(progress) },
    );
    expect(binary.length).toBe(600_000);
    const wireLength = ((await sent[0]?.body()) ?? new Uint8Array()).byteLength;
    expect(wireLength).toBeGreaterThan(600_000);
    expect(calls.length).toBeGreaterThanOrEqual(9);
    expect(calls.every((call) => call.total === wireLength)).toBe(true);
    expect(calls.at(-1)?.loaded).toBe(wireLength);
    const loaded = calls.map((call) => call.loaded);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
  });

  it("reports progress for a Blob in Node through a counting stream, and for a stream of unknown size without total", async () => {
    const { client } = testClient();
    const blobCalls: Progress[] = [];
    await client.upload(
      new Blob([patterned(200_000)]),
      { name: "b.bin" },
      { onUploadProgress: (p) => blobCalls.push(p) },
    );
    expect(blobCalls.at(-1)?.loaded).toBe(blobCalls.at(-1)?.total);
    expect(blobCalls.at(-1)?.total).toBeGreaterThan(200_000);

    const streamCalls: Progress[] = [];
    await client.upload(
      chunkedStream(patterned(200_000)),
      { name: "s.bin" },
      {
        onUploadProgress: (p) => streamCalls.push(p),
      },
    );
    expect(streamCalls.every((call) => call.total === undefined)).toBe(true);
    expect(streamCalls.at(-1)?.loaded).toBeGreaterThan(200_000);
  });

  it("a read-only user gets ApiError 403 security/Forbidden, with no credentials in the message", async () => {
    const { client } = testClient({ auth: READER });
    const error = await caught(() => client.upload(new Blob(["x"]), { name: "x.txt", type: "text/plain" }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      api: "cumulocity",
      status: 403,
      kind: "forbidden",
      code: "security/Forbidden",
      method: "POST",
      url: `${BASE_URL}/inventory/binaries`,
      body: { error: "security/Forbidden", message: "Access is denied" },
    });
    const text = `${(error as Error).message} ${JSON.stringify(error)}`;
    expect(text).not.toContain(btoa("t100/reader:reader"));
    expect(text).not.toContain("reader:reader");
  });

  it("never retries the POST: a 503, a 429 and a network error each mean one attempt", async () => {
    for (const status of [503, 429]) {
      const log = logRecorder();
      const failing = testClient({ maxRetries: 3, logger: log.logger }, (request) =>
        request.method === "POST" ? serverError(status, { "retry-after": "0" }) : undefined,
      );
      const error = await caught(() => failing.client.upload(new Blob(["x"]), { name: "x.txt" }));
      expect(error).toMatchObject({ name: "ApiError", status, code: "general/serviceUnavailable", retryAfter: 0 });
      expect(failing.sent).toHaveLength(1);
      expect(log.waits()).toEqual([]);
    }

    const broken = testClient({ maxRetries: 3 }, () => {
      throw new TypeError("fetch failed");
    });
    const networkError = await caught(() => broken.client.upload(new Blob(["x"]), { name: "x.txt" }));
    expect(networkError).toBeInstanceOf(NetworkError);
    expect(networkError).toMatchObject({ kind: "network" });
    expect(broken.sent).toHaveLength(1);
  });

  it("throws InvalidResponseError EMPTY_BODY when a 201 comes without the managed object (Accept removed on the way)", async () => {
    const { client } = testClient(
      {},
      () => new Response(null, { status: 201, headers: { location: `${BASE_URL}/inventory/binaries/9` } }),
    );
    const error = await caught(() => client.upload(new Blob(["x"]), { name: "x.txt" }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ code: "EMPTY_BODY", kind: "invalid_response", status: 201, method: "POST" });
    expect((error as Error).message).toContain(`POST ${BASE_URL}/inventory/binaries: 201 without the JSON body`);
  });

  it("throws InvalidResponseError MALFORMED_JSON when a 201 carries a body that is not JSON", async () => {
    const { client } = testClient(
      {},
      () => new Response("{ truncated", { status: 201, headers: { "content-type": "application/json" } }),
    );
    const error = await caught(() => client.upload(new Blob(["x"]), { name: "x.txt" }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ code: "MALFORMED_JSON", kind: "invalid_response", status: 201 });
    expect((error as Error).message).not.toContain("truncated");
  });

  it("the raw client turns a typed { object, file } body into multipart with its boundary", async () => {
    const { client, sent } = testClient();
    const file = new Blob(["hello"], { type: "text/plain" });
    const result = await client.raw.POST("/inventory/binaries", {
      body: { object: { name: "hello.txt", type: "text/plain" }, file },
      headers: { Accept: VENDOR_OBJECT },
    });
    expect(result.response.status).toBe(201);
    expect(result.data).toMatchObject({ name: "hello.txt", contentType: "text/plain", length: 5 });
    const contentType = sent[0]?.headers.get("content-type") ?? "";
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    const parts = wireParts((await sent[0]?.body()) ?? new Uint8Array(), contentType);
    expect(parts.map((part) => part.headers["content-disposition"])).toEqual([
      'form-data; name="object"',
      'form-data; name="file"; filename="hello.txt"',
    ]);
  });

  it("aborts: an aborted signal sends nothing, and aborting in flight rejects with AbortError", async () => {
    const { client, sent } = testClient();
    const error = await caught(() =>
      client.upload(new Blob(["x"]), { name: "x.txt" }, { signal: AbortSignal.abort(new Error("cancelled")) }),
    );
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ kind: "aborted", method: "POST", url: `${BASE_URL}/inventory/binaries` });
    expect(sent).toHaveLength(0);

    const controller = new AbortController();
    const hanging = createCumulocityClient({
      baseUrl: BASE_URL,
      auth: { type: "bearer", token: "admin-token" },
      fetch: (request) => {
        setTimeout(() => controller.abort(), 10);
        return new Promise((_, reject) =>
          request.signal.addEventListener("abort", () => reject(request.signal.reason)),
        );
      },
    });
    const inFlight = await caught(() =>
      hanging.upload(chunkedStream(patterned(1000)), { name: "x.bin" }, { signal: controller.signal }),
    );
    expect(inFlight).toBeInstanceOf(AbortError);
  });

  it("uses a per-call timeout for the upload (TimeoutError when the answer does not come)", async () => {
    const client = createCumulocityClient({
      baseUrl: BASE_URL,
      auth: { type: "bearer", token: "admin-token" },
      fetch: (request) =>
        new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason))),
    });
    const error = await caught(() => client.upload(new Blob(["x"]), { name: "x.txt" }, { timeout: 50 }));
    expect(error).toMatchObject({ name: "TimeoutError", kind: "timeout", timeout: 50, method: "POST" });
  });
});
