import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Download, type RequestLogEntry } from "bytewire/hdap";
import { createHdapMock } from "bytewire/mocks";
import { describe, expect, it, vi } from "vitest";
import { encodeBase64 } from "../../../src/binary/base64.ts";
import { useMockedApis } from "../../support/msw.ts";
import {
  BASE_URL,
  BJENSEN_DN,
  BJENSEN_PATH,
  hdapClient,
  KVAUGHAN_PASSWORD_AUTH,
  mswFetch,
  recordingFetch,
} from "./support.ts";

const mocked = useMockedApis(() => [createHdapMock()]);

/** A JPEG start marker followed by every byte value, `length` bytes in all. */
function sampleBytes(length: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  bytes.set([0xff, 0xd8, 0xff, 0xe0].slice(0, length));
  for (let index = 4; index < length; index++) {
    bytes[index] = (index * 7 + 3) % 256;
  }
  return bytes;
}

/** A stream that hands out `bytes` in chunks of uneven sizes (1, 2, 3, ...), so base64 groups straddle chunks. */
function unevenStream(bytes: Uint8Array, onCancel?: () => void): ReadableStream<Uint8Array> {
  let offset = 0;
  let size = 1;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
      size = (size % 5) + 1;
    },
    cancel() {
      onCancel?.();
    },
  });
}

/** The bytes of a download that must exist. */
async function bytesOf(download: Promise<Download | undefined>): Promise<Uint8Array<ArrayBuffer>> {
  const resolved = await download;
  expect(resolved).toBeInstanceOf(Download);
  return (resolved as Download).bytes();
}

/** The bytes of every download, in the server's order. */
async function allBytes(downloads: Promise<Download[]>): Promise<Uint8Array<ArrayBuffer>[]> {
  return Promise.all((await downloads).map((download) => download.bytes()));
}

describe("binary attributes", () => {
  it("writes bjensen's photo from bytes as kvaughan and reads the same bytes back with _fields=photo", async () => {
    const { sent, fetch } = recordingFetch();
    const hdap = hdapClient({ fetch, auth: KVAUGHAN_PASSWORD_AUTH });
    const photo = sampleBytes(3000);
    const written = await hdap.upload(BJENSEN_DN, "photo", photo);
    expect(written).toEqual({ _id: BJENSEN_PATH, _rev: expect.any(String) });

    const download = await hdap.download(BJENSEN_DN, "photo");
    expect(download).toBeInstanceOf(Download);
    expect(download?.size).toBe(photo.byteLength);
    expect(download?.bodyUsed).toBe(false);
    expect(await download?.bytes()).toEqual(photo);
    expect(download?.bodyUsed).toBe(true);

    const [authenticate, put, get] = sent;
    expect(authenticate?.url).toBe(`${BASE_URL}/hdap/dc=com/dc=example/ou=People/uid=kvaughan?_action=authenticate`);
    expect(put?.method).toBe("PUT");
    expect(put?.url).toBe(`${BASE_URL}/hdap/${BJENSEN_PATH}?_fields=_id%2C_rev`);
    expect(put?.headers.get("content-type")).toBe("application/json");
    expect(put?.headers.get("authorization")).toMatch(/^Bearer /);
    expect(JSON.parse(await (put?.body ?? Promise.resolve("")))).toEqual({ photo: encodeBase64(photo) });
    expect(get?.url).toBe(`${BASE_URL}/hdap/${BJENSEN_PATH}?_fields=photo`);
    expect(sent).toHaveLength(3);
    // The entry itself shows the value the way HDAP answers binaries: an array of base64 strings.
    expect(await hdap.get(BJENSEN_DN, { fields: ["photo"] })).toMatchObject({ photo: [encodeBase64(photo)] });
  });

  it("accepts a Blob, an ArrayBuffer, a DataView, a stream of uneven chunks and an async iterable", async () => {
    const hdap = hdapClient({ auth: KVAUGHAN_PASSWORD_AUTH });
    const photo = sampleBytes(1001);
    async function* generator() {
      yield photo.slice(0, 500);
      yield photo.slice(500);
    }
    for (const input of [
      new Blob([photo], { type: "image/jpeg" }),
      photo.buffer,
      new DataView(photo.buffer, 0, photo.length),
      unevenStream(photo),
      generator(),
    ]) {
      await hdap.patch(BJENSEN_DN, [{ operation: "remove", field: "/photo" }]);
      await hdap.upload(BJENSEN_DN, "photo", input);
      expect(await allBytes(hdap.downloadAll(BJENSEN_DN, "photo"))).toEqual([photo]);
    }
  });

  it("appends with a PATCH add, and reads every value or one by index", async () => {
    const { sent, fetch } = recordingFetch();
    const hdap = hdapClient({ fetch, auth: KVAUGHAN_PASSWORD_AUTH });
    const first = sampleBytes(10);
    const second = sampleBytes(20);
    await hdap.upload(BJENSEN_DN, "jpegPhoto", first);
    await hdap.upload(BJENSEN_DN, "jpegPhoto", second, { append: true });
    const patch = sent.find((request) => request.method === "PATCH");
    expect(JSON.parse(await (patch?.body ?? Promise.resolve("")))).toEqual([
      { operation: "add", field: "/jpegPhoto", value: encodeBase64(second) },
    ]);
    const values = await allBytes(hdap.downloadAll(BJENSEN_DN, "jpegPhoto"));
    expect(values).toHaveLength(2);
    expect(values).toEqual(expect.arrayContaining([first, second]));
    expect(await bytesOf(hdap.download(BJENSEN_DN, "jpegPhoto"))).toEqual(values[0]);
    expect(await bytesOf(hdap.download(BJENSEN_DN, "jpegPhoto", { index: 1 }))).toEqual(values[1]);
    expect(await hdap.download(BJENSEN_DN, "jpegPhoto", { index: 2 })).toBeUndefined();
  });

  it("downloadAll gives one Download per value, each read its own way and checked against its size", async () => {
    const hdap = hdapClient({ auth: KVAUGHAN_PASSWORD_AUTH });
    const values = [sampleBytes(1), sampleBytes(2), sampleBytes(3000)];
    await hdap.upload(BJENSEN_DN, "userCertificate", values[0] as Uint8Array<ArrayBuffer>);
    for (const value of values.slice(1)) {
      await hdap.upload(BJENSEN_DN, "userCertificate", new Blob([value]), { append: true });
    }
    const downloads = await hdap.downloadAll(BJENSEN_DN, "userCertificate");
    expect(downloads.map((download) => download.size).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([1, 2, 3000]);
    const [byBlob, byBuffer, byStream] = downloads;
    const read = [
      new Uint8Array(await ((await byBlob?.blob()) ?? new Blob()).arrayBuffer()),
      new Uint8Array((await byBuffer?.arrayBuffer()) ?? new ArrayBuffer(0)),
      new Uint8Array(await new Response(byStream?.stream()).arrayBuffer()),
    ];
    expect(read).toEqual(expect.arrayContaining(values));
    expect(read).toHaveLength(3);
    // A Download is read once.
    expect(() => byStream?.stream()).toThrow(expect.objectContaining({ code: "BODY_ALREADY_USED" }));
  });

  it("a download saves to a file byte for byte", async () => {
    const hdap = hdapClient({ auth: KVAUGHAN_PASSWORD_AUTH });
    const photo = sampleBytes(70_000);
    await hdap.upload(BJENSEN_DN, "photo", unevenStream(photo));
    const folder = await mkdtemp(join(tmpdir(), "bytewire-hdap-"));
    try {
      const path = join(folder, "bjensen.jpg");
      const download = await hdap.download(BJENSEN_DN, "photo");
      await download?.saveTo(path);
      expect(Buffer.from(await readFile(path)).equals(Buffer.from(photo))).toBe(true);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("refuses a value index that is not a non-negative integer, before sending anything", async () => {
    const { sent, fetch } = recordingFetch();
    const hdap = hdapClient({ fetch });
    for (const index of [-1, 1.5, Number.NaN]) {
      await expect(hdap.download(BJENSEN_DN, "photo", { index }), String(index)).rejects.toMatchObject({
        name: "InvalidInputError",
        code: "INVALID_INDEX",
        kind: "invalid_input",
      });
    }
    expect(sent).toHaveLength(0);
  });

  it("answers undefined and [] for an attribute the entry does not have", async () => {
    const hdap = hdapClient();
    expect(await hdap.download(BJENSEN_DN, "userCertificate")).toBeUndefined();
    expect(await hdap.downloadAll(BJENSEN_DN, "userCertificate")).toEqual([]);
  });

  it("refuses an input above maxBytes with TOO_LARGE before sending anything, and stops reading a stream", async () => {
    const { sent, fetch } = recordingFetch();
    const hdap = hdapClient({ fetch, auth: KVAUGHAN_PASSWORD_AUTH, maxBinaryBytes: 100 });
    await expect(hdap.upload(BJENSEN_DN, "photo", sampleBytes(101))).rejects.toMatchObject({
      name: "InvalidInputError",
      code: "TOO_LARGE",
      kind: "too_large",
    });
    const cancelled = vi.fn();
    await expect(hdap.upload(BJENSEN_DN, "photo", unevenStream(sampleBytes(10_000), cancelled))).rejects.toMatchObject({
      code: "TOO_LARGE",
    });
    expect(cancelled).toHaveBeenCalledOnce();
    await expect(hdap.upload(BJENSEN_DN, "photo", sampleBytes(101), { maxBytes: 50 })).rejects.toMatchObject({
      code: "TOO_LARGE",
    });
    expect(sent).toHaveLength(0);
    await hdap.upload(BJENSEN_DN, "photo", sampleBytes(101), { maxBytes: 101 });
    expect(sent.map((request) => request.method)).toEqual(["POST", "PUT"]);
  });

  it("throws 412 as ApiError when ifMatch is stale and keeps the old value", async () => {
    const hdap = hdapClient({ auth: KVAUGHAN_PASSWORD_AUTH });
    const before = await bytesOf(hdap.download(BJENSEN_DN, "photo"));
    await expect(hdap.upload(BJENSEN_DN, "photo", sampleBytes(5), { ifMatch: "old-rev" })).rejects.toMatchObject({
      name: "ApiError",
      status: 412,
      code: 412,
      kind: "precondition_failed",
    });
    expect(await bytesOf(hdap.download(BJENSEN_DN, "photo"))).toEqual(before);
    const { _rev } = await hdap.get(BJENSEN_DN, { fields: ["cn"] });
    const written = await hdap.upload(BJENSEN_DN, "photo", sampleBytes(5), { ifMatch: _rev ?? "" });
    expect(written._rev).not.toBe(_rev);
  });

  it("sends the JSON body again after a 401 (new token) and reports progress of the body", async () => {
    const { sent, fetch } = recordingFetch();
    const hdap = hdapClient({ fetch, auth: KVAUGHAN_PASSWORD_AUTH });
    await hdap.get(BJENSEN_DN, { fields: ["cn"] });
    mocked.reset();
    const progress: { loaded: number; total: number | undefined }[] = [];
    const photo = sampleBytes(200_000);
    await hdap.upload(BJENSEN_DN, "photo", new Blob([photo]), {
      onUploadProgress: (event) => progress.push(event),
    });
    expect(sent.map((request) => request.method)).toEqual(["POST", "GET", "PUT", "POST", "PUT"]);
    expect(await sent[4]?.body).toBe(await sent[2]?.body);
    expect(await bytesOf(hdap.download(BJENSEN_DN, "photo"))).toEqual(photo);
    const bodySize = `{"photo":""}`.length + encodeBase64(photo).length;
    expect(progress.at(-1)).toEqual({ loaded: bodySize, total: bodySize });
    // Each attempt counts its own bytes from 0: the body really went out twice, and both counts end at its size.
    const ends = progress.filter((event) => event.loaded === bodySize);
    expect(ends).toHaveLength(2);
  });

  it("retries a replace (PUT) after a 503 with the same body; never an append (PATCH)", async () => {
    const { sent, fetch } = recordingFetch(async (request, init) => {
      const writes = sent.filter((entry) => entry.method === request.method).length;
      return request.method !== "POST" && writes === 1
        ? Response.json({ code: 503, reason: "Service Unavailable", message: "busy" }, { status: 503 })
        : mswFetch(request, init);
    });
    const entries: RequestLogEntry[] = [];
    const hdap = hdapClient({
      fetch,
      auth: KVAUGHAN_PASSWORD_AUTH,
      maxRetries: 1,
      logger: (entry) => entries.push(entry),
    });
    const photo = sampleBytes(64);
    await hdap.upload(BJENSEN_DN, "photo", photo);
    const puts = sent.filter((request) => request.method === "PUT");
    expect(puts).toHaveLength(2);
    expect(await puts[1]?.body).toBe(await puts[0]?.body);
    // No Retry-After: the first backoff, 500 ms less up to 25 % jitter, as the log says (the wait itself is not timed).
    const putLog = entries.filter((entry) => entry.method === "PUT");
    expect(putLog.map((entry) => [entry.status, entry.attempt])).toEqual([
      [503, 1],
      [200, 2],
    ]);
    expect(putLog[0]?.retryInMs).toBeGreaterThanOrEqual(375);
    expect(putLog[0]?.retryInMs).toBeLessThanOrEqual(500);
    expect(putLog[1]?.retryInMs).toBeUndefined();
    expect(await bytesOf(hdap.download(BJENSEN_DN, "photo"))).toEqual(photo);
    await expect(hdap.upload(BJENSEN_DN, "photo", photo, { append: true })).rejects.toMatchObject({
      status: 503,
      kind: "unavailable",
    });
    expect(sent.filter((request) => request.method === "PATCH")).toHaveLength(1);
    expect(entries.filter((entry) => entry.method === "PATCH").map((entry) => entry.retryInMs)).toEqual([undefined]);
  });

  it("throws InvalidResponseError INVALID_BASE64 when the server's value is not strict base64", async () => {
    for (const photo of [["not base64!"], ["QQ"], [42]]) {
      const hdap = hdapClient({ fetch: async () => Response.json({ _id: BJENSEN_PATH, photo }) });
      await expect(hdap.download(BJENSEN_DN, "photo"), JSON.stringify(photo)).rejects.toMatchObject({
        name: "InvalidResponseError",
        code: "INVALID_BASE64",
        kind: "invalid_response",
      });
      await expect(hdap.downloadAll(BJENSEN_DN, "photo"), JSON.stringify(photo)).rejects.toMatchObject({
        name: "InvalidResponseError",
        code: "INVALID_BASE64",
      });
    }
  });

  it("throws InvalidResponseError UNEXPECTED_SHAPE when the answer is not an entry", async () => {
    const hdap = hdapClient({ fetch: async () => Response.json({ result: [], resultCount: 0 }) });
    await expect(hdap.download(BJENSEN_DN, "photo")).rejects.toMatchObject({
      name: "InvalidResponseError",
      code: "UNEXPECTED_SHAPE",
    });
  });

  it("refuses an attribute that is not an LDAP name, and stops on abort", async () => {
    const hdap = hdapClient({ auth: KVAUGHAN_PASSWORD_AUTH });
    await expect(hdap.download(BJENSEN_DN, "photo,cn")).rejects.toMatchObject({ code: "INVALID_ATTRIBUTE" });
    await expect(hdap.upload(BJENSEN_DN, "/photo", sampleBytes(3))).rejects.toMatchObject({
      code: "INVALID_ATTRIBUTE",
    });
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(hdap.upload(BJENSEN_DN, "photo", sampleBytes(3), { signal: controller.signal })).rejects.toMatchObject(
      { name: "AbortError", kind: "aborted" },
    );
  });
});
