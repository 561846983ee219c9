import { ApiError, InvalidInputError, NetworkError, type Progress } from "bytewire/cumulocity";
import { createCumulocityMock, namedExampleBytes } from "bytewire/mocks";
import { describe, expect, it } from "vitest";
import { useMockedApis } from "../../support/msw.ts";
import {
  BASE_URL,
  caught,
  chunkedStream,
  collect,
  logRecorder,
  READER,
  sameBytes,
  serverError,
  testClient,
} from "./harness.ts";

useMockedApis(() => [createCumulocityMock()]);

const NEW_PNG = namedExampleBytes("pingone-logo-png");
const VENDOR_OBJECT = "application/vnd.com.nsn.cumulocity.managedobject+json";

describe("replace", () => {
  it("sends the raw bytes under the input's own type and answers the updated managed object (201)", async () => {
    const { client, sent } = testClient();
    const replaced = await client.replace("1", new Blob([NEW_PNG], { type: "image/png" }));
    expect(replaced).toMatchObject({
      id: "1",
      name: "my_picture.png",
      type: "image/png",
      contentType: "image/png",
      length: NEW_PNG.byteLength,
    });
    const put = sent[0];
    expect(put?.method).toBe("PUT");
    expect(put?.url).toBe(`${BASE_URL}/inventory/binaries/1`);
    expect(put?.headers.get("content-type")).toBe("image/png");
    expect(put?.headers.get("accept")).toBe(
      `${VENDOR_OBJECT}, application/vnd.com.nsn.cumulocity.error+json, application/json`,
    );
    expect(await put?.body()).toEqual(NEW_PNG);
    expect(await (await client.download("1")).bytes()).toEqual(NEW_PNG);
  });

  it("changes length and contentType: explicit contentType wins, typeless bytes go as application/octet-stream", async () => {
    const { client, sent } = testClient();
    const text = await client.replace("2", new TextEncoder().encode("now plain text"), { contentType: "text/plain" });
    expect(text).toMatchObject({ id: "2", type: "application/zip", contentType: "text/plain", length: 14 });
    const raw = await client.replace("2", new Uint8Array([0, 1, 2]));
    expect(raw).toMatchObject({ contentType: "application/octet-stream", length: 3 });
    expect(sent.map((request) => request.headers.get("content-type"))).toEqual([
      "text/plain",
      "application/octet-stream",
    ]);
    const download = await client.download("2");
    expect(download.contentType).toBe("application/octet-stream");
    expect(await download.bytes()).toEqual(new Uint8Array([0, 1, 2]));
  });

  it("a per-call Content-Type header cannot override the replacement's type", async () => {
    const { client, sent } = testClient();
    const replaced = await client.replace("1", new Blob([NEW_PNG]), {
      contentType: "image/png",
      headers: { "Content-Type": "application/json" },
    });
    expect(replaced).toMatchObject({ contentType: "image/png", length: NEW_PNG.byteLength });
    expect(sent[0]?.headers.get("content-type")).toBe("image/png");
  });

  it("never sends application/json for a body that is not JSON, so a strict server cannot refuse it", async () => {
    const { client, sent } = testClient();
    await client.replace("1", new Blob(["not json at all"]));
    expect(sent[0]?.headers.get("content-type")).toBe("application/octet-stream");
    // Declaring the wrong type is refused, as Cumulocity does since go-c8y-cli #592.
    const error = await caught(() => client.replace("1", new Blob(["not json at all"], { type: "application/json" })));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: "undefined/validationError", method: "PUT" });
  });

  it("replaces from a stream, byte for byte, with progress on the Node stream path", async () => {
    const { client } = testClient();
    const bytes = Uint8Array.from({ length: 300_000 }, (_, index) => index % 251);
    const calls: Progress[] = [];
    const replaced = await client.replace("1", chunkedStream(bytes), {
      contentType: "application/octet-stream",
      size: bytes.byteLength,
      onUploadProgress: (progress) => calls.push(progress),
    });
    expect(replaced.length).toBe(300_000);
    expect(calls.at(-1)).toEqual({ loaded: 300_000, total: 300_000 });
    expect(calls.length).toBeGreaterThanOrEqual(4);
    expect(sameBytes(await (await client.download("1")).bytes(), bytes)).toBe(true);
  });

  it("retries a replayable body after a 503 (Retry-After: 0) and sends it whole again, progress restarting", async () => {
    let failures = 1;
    const log = logRecorder();
    const { client, sent } = testClient({ logger: log.logger }, (request) => {
      if (request.method === "PUT" && failures > 0) {
        failures--;
        return serverError(503, { "retry-after": "0" });
      }
      return undefined;
    });
    const calls: Progress[] = [];
    const replaced = await client.replace("1", new Blob([NEW_PNG], { type: "image/png" }), {
      onUploadProgress: (progress) => calls.push(progress),
    });
    expect(replaced.length).toBe(NEW_PNG.byteLength);
    expect(sent.map((request) => request.method)).toEqual(["PUT", "PUT"]);
    expect(await sent[0]?.body()).toEqual(NEW_PNG);
    expect(await sent[1]?.body()).toEqual(NEW_PNG);
    expect(calls.filter((call) => call.loaded === NEW_PNG.byteLength)).toHaveLength(2);
    // The wait is the server's Retry-After, not the backoff.
    expect(log.waits()).toEqual([0]);
  });

  it("retries a replayable body after a network error, but gives up after maxRetries with the last answer", async () => {
    let failures = 1;
    const log = logRecorder();
    const flaky = testClient({ logger: log.logger }, (request) => {
      if (request.method === "PUT" && failures > 0) {
        failures--;
        throw new TypeError("fetch failed", { cause: Object.assign(new Error("reset"), { code: "ECONNRESET" }) });
      }
      return undefined;
    });
    await expect(flaky.client.replace("1", new Uint8Array([9]))).resolves.toMatchObject({ length: 1 });
    expect(flaky.sent).toHaveLength(2);
    expect(log.entries[0]).toMatchObject({ method: "PUT", attempt: 1, status: undefined, level: "warn" });
    expect(log.entries[0]?.error).toMatch(/^NetworkError: /);
    // No Retry-After after a network error: the first backoff step, 500 ms less up to 25 % jitter.
    const [wait] = log.waits();
    expect(wait).toBeGreaterThanOrEqual(375);
    expect(wait).toBeLessThanOrEqual(500);

    const down = testClient({ maxRetries: 1 }, () => serverError(503, { "retry-after": "0" }));
    const error = await caught(() => down.client.replace("1", new Uint8Array([9])));
    expect(error).toMatchObject({
      name: "ApiError",
      status: 503,
      kind: "unavailable",
      code: "general/serviceUnavailable",
    });
    expect(down.sent).toHaveLength(2);
  });

  it("does not retry a stream body: one attempt, and the 503 or the network error is thrown", async () => {
    const log = logRecorder();
    const failing = testClient({ maxRetries: 3, logger: log.logger }, () => serverError(503, { "retry-after": "0" }));
    const error = await caught(() => failing.client.replace("1", chunkedStream(NEW_PNG), { contentType: "image/png" }));
    expect(error).toMatchObject({ name: "ApiError", status: 503 });
    expect(failing.sent).toHaveLength(1);
    expect(log.waits()).toEqual([]);

    const broken = testClient({ maxRetries: 3 }, () => {
      throw new TypeError("fetch failed");
    });
    const networkError = await caught(() => broken.client.replace("1", chunkedStream(NEW_PNG)));
    expect(networkError).toBeInstanceOf(NetworkError);
    expect(broken.sent).toHaveLength(1);
  });

  it("the reader gets 403, an unknown ID 404, an empty ID INVALID_ID before sending", async () => {
    const reader = testClient({ auth: READER });
    await expect(reader.client.replace("1", new Uint8Array([1]))).rejects.toMatchObject({
      status: 403,
      kind: "forbidden",
      code: "security/Forbidden",
    });
    const admin = testClient();
    await expect(admin.client.replace("42", new Uint8Array([1]))).rejects.toMatchObject({
      status: 404,
      kind: "not_found",
      code: "inventory/Not Found",
    });
    const invalid = await caught(() => admin.client.replace("", new Uint8Array([1])));
    expect(invalid).toBeInstanceOf(InvalidInputError);
    expect(admin.sent).toHaveLength(1);
  });

  it("the raw client passes a Blob through untouched when Content-Type is given", async () => {
    const { client, sent } = testClient();
    const result = await client.raw.PUT("/inventory/binaries/{id}", {
      params: { path: { id: "1" } },
      body: new Blob([NEW_PNG]),
      headers: { "Content-Type": "image/png", Accept: VENDOR_OBJECT },
    });
    expect(result.response.status).toBe(201);
    expect(result.data).toMatchObject({ contentType: "image/png", length: NEW_PNG.byteLength });
    expect(await sent[0]?.body()).toEqual(NEW_PNG);
  });
});

describe("delete", () => {
  it("deletes the binary (204), after which it is gone from download and list", async () => {
    const { client, sent } = testClient();
    await expect(client.delete("2")).resolves.toBeUndefined();
    expect(sent[0]).toMatchObject({ method: "DELETE", url: `${BASE_URL}/inventory/binaries/2` });
    await expect(client.download("2")).rejects.toMatchObject({ status: 404, code: "inventory/Not Found" });
    expect((await collect(client.list())).map((binary) => binary.id)).toEqual(["1"]);
    const again = await caught(() => client.delete("2"));
    expect(again).toBeInstanceOf(ApiError);
    expect(again).toMatchObject({ status: 404, kind: "not_found", method: "DELETE" });
  });

  it("is refused to the reader (403) and retried by the transport after a 503, being idempotent", async () => {
    const reader = testClient({ auth: READER });
    await expect(reader.client.delete("1")).rejects.toMatchObject({
      status: 403,
      kind: "forbidden",
      code: "security/Forbidden",
    });

    let failures = 1;
    const { client, sent } = testClient({}, (request) => {
      if (request.method === "DELETE" && failures > 0) {
        failures--;
        return serverError(503, { "retry-after": "0" });
      }
      return undefined;
    });
    await client.delete("1");
    expect(sent.map((request) => request.method)).toEqual(["DELETE", "DELETE"]);
    await expect(client.download("1")).rejects.toMatchObject({ status: 404 });
  });

  it("refuses an empty ID before sending, so DELETE never reaches the collection", async () => {
    const { client, sent } = testClient();
    await expect(client.delete("")).rejects.toMatchObject({ name: "InvalidInputError", code: "INVALID_ID" });
    expect(sent).toHaveLength(0);
  });
});
