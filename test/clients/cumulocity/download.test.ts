import {
  AbortError,
  ApiError,
  createCumulocityClient,
  Download,
  InvalidInputError,
  InvalidResponseError,
  isAbortError,
  type Progress,
} from "bytewire/cumulocity";
import { createCumulocityMock, namedExampleBytes } from "bytewire/mocks";
import { describe, expect, it } from "vitest";
import { useMockedApis } from "../../support/msw.ts";
import {
  ADMIN,
  BASE_URL,
  caught,
  chunkedStream,
  logRecorder,
  READER,
  sameBytes,
  serverError,
  testClient,
} from "./harness.ts";

useMockedApis(() => [createCumulocityMock()]);

const PNG = namedExampleBytes("cumulocity-my-picture-png");
const ZIP = namedExampleBytes("cumulocity-my-compressed-file-zip");

function patterned(size: number): Uint8Array<ArrayBuffer> {
  return Uint8Array.from({ length: size }, (_, index) => (index * 7 + (index >> 10)) & 0xff);
}

describe("download: the whole file", () => {
  it("gives the stored bytes with filename, type and size from the headers, without reading them first", async () => {
    const { client, sent } = testClient({ auth: READER });
    const download = await client.download("1");
    expect(download).toBeInstanceOf(Download);
    expect(download).toMatchObject({
      status: 200,
      filename: "my_picture.png",
      contentType: "image/png",
      size: PNG.byteLength,
      range: undefined,
    });
    expect(download.bodyUsed).toBe(false);
    expect(sent[0]?.url).toBe(`${BASE_URL}/inventory/binaries/1`);
    expect(sent[0]?.headers.get("accept")).toBe("*/*");
    expect(sent[0]?.headers.get("range")).toBeNull();
    expect(await download.bytes()).toEqual(PNG);

    const zip = await (await client.download("2")).blob();
    expect(zip.type).toBe("application/zip");
    expect(new Uint8Array(await zip.arrayBuffer())).toEqual(ZIP);
  });

  it("reports download progress up to the Content-Length", async () => {
    const { client } = testClient();
    const bytes = patterned(400_000);
    const binary = await client.upload(new Blob([bytes]), { name: "big.bin" });
    const calls: Progress[] = [];
    const download = await client.download(binary.id, { onDownloadProgress: (progress) => calls.push(progress) });
    expect(sameBytes(await download.bytes(), bytes)).toBe(true);
    expect(calls.at(-1)).toEqual({ loaded: 400_000, total: 400_000 });

    // The mock hands its body over in one piece; a network delivers chunks, and progress follows them.
    const chunked = testClient({}, () => {
      return new Response(chunkedStream(bytes, 40_000), {
        headers: { "content-type": "application/octet-stream", "content-length": "400000" },
      });
    });
    const chunkCalls: Progress[] = [];
    const streamed = await chunked.client.download("7", {
      onDownloadProgress: (progress) => chunkCalls.push(progress),
    });
    const chunks: Uint8Array[] = [];
    for await (const chunk of streamed.stream()) {
      chunks.push(chunk);
    }
    expect(sameBytes(Buffer.concat(chunks), bytes)).toBe(true);
    expect(chunkCalls.map((call) => call.loaded)).toEqual([80_000, 160_000, 240_000, 320_000, 400_000]);
    expect(chunkCalls.every((call) => call.total === 400_000)).toBe(true);
  });

  it("throws ApiError 404 inventory/Not Found for an unknown ID and INVALID_ID for an empty one", async () => {
    const { client, sent } = testClient();
    const error = await caught(() => client.download("999"));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 404,
      kind: "not_found",
      code: "inventory/Not Found",
      body: { error: "inventory/Not Found" },
    });

    const invalid = await caught(() => client.download(""));
    expect(invalid).toBeInstanceOf(InvalidInputError);
    expect(invalid).toMatchObject({ code: "INVALID_ID", kind: "invalid_input" });
    expect(sent).toHaveLength(1);
  });

  it("errors a body shorter than its Content-Length with InvalidResponseError BODY_LENGTH_MISMATCH", async () => {
    const bytes = patterned(50);
    const { client } = testClient(
      {},
      () => new Response(bytes, { headers: { "content-type": "application/octet-stream", "content-length": "100" } }),
    );
    const download = await client.download("1");
    expect(download.size).toBe(100);
    const error = await caught(() => download.bytes());
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ code: "BODY_LENGTH_MISMATCH", kind: "invalid_response" });
  });

  it("encodes an ID as one path segment", async () => {
    const { client, sent } = testClient();
    await caught(() => client.download("a/b c"));
    expect(sent[0]?.url).toBe(`${BASE_URL}/inventory/binaries/a%2Fb%20c`);
  });
});

describe("download: ranges", () => {
  it("answers 206 for { start, end } with the range and its bytes", async () => {
    const { client, sent } = testClient();
    const part = await client.download("1", { range: { start: 0, end: 63 } });
    expect(sent[0]?.headers.get("range")).toBe("bytes=0-63");
    expect(part.status).toBe(206);
    expect(part.range).toEqual({ start: 0, end: 63, total: PNG.byteLength });
    expect(part.size).toBe(64);
    expect(part.filename).toBe("my_picture.png");
    expect(await part.bytes()).toEqual(PNG.subarray(0, 64));
  });

  it("resumes from a byte to the end ({ start }) and takes the last bytes ({ suffix })", async () => {
    const { client, sent } = testClient();
    const rest = await client.download("1", { range: { start: 64 } });
    expect(sent[0]?.headers.get("range")).toBe("bytes=64-");
    expect(rest.range).toEqual({ start: 64, end: PNG.byteLength - 1, total: PNG.byteLength });
    expect(await rest.bytes()).toEqual(PNG.subarray(64));

    const tail = await client.download("2", { range: { suffix: 16 } });
    expect(sent[1]?.headers.get("range")).toBe("bytes=-16");
    expect(tail.status).toBe(206);
    expect(tail.range).toEqual({ start: ZIP.byteLength - 16, end: ZIP.byteLength - 1, total: ZIP.byteLength });
    expect(await tail.bytes()).toEqual(ZIP.subarray(-16));
  });

  it("throws ApiError 416 for a range past the end, and INVALID_RANGE for a malformed one before sending", async () => {
    const { client, sent } = testClient();
    const error = await caught(() => client.download("1", { range: { start: PNG.byteLength } }));
    expect(error).toMatchObject({
      name: "ApiError",
      status: 416,
      kind: "invalid_request",
      code: "inventory/rangeNotSatisfiable",
    });
    expect((error as ApiError).headers.get("content-range")).toBe(`bytes */${PNG.byteLength}`);

    for (const range of [{ start: -1 }, { start: 10, end: 9 }, { start: 1.5 }, { suffix: 0 }]) {
      const invalid = await caught(() => client.download("1", { range }));
      expect(invalid).toMatchObject({ name: "InvalidInputError", code: "INVALID_RANGE" });
    }
    expect(sent).toHaveLength(1);
  });

  it("a per-call Range header cannot override the range option", async () => {
    const { client, sent } = testClient();
    const part = await client.download("1", { range: { start: 1, end: 2 }, headers: { Range: "bytes=0-99" } });
    expect(sent[0]?.headers.get("range")).toBe("bytes=1-2");
    expect(await part.bytes()).toEqual(PNG.subarray(1, 3));
  });
});

describe("download: abort", () => {
  it("aborting after the headers errors the body with AbortError at the next read", async () => {
    const { client } = testClient();
    const bytes = patterned(1_000_000);
    const binary = await client.upload(new Blob([bytes]), { name: "abort.bin" });
    const controller = new AbortController();
    const download = await client.download(binary.id, { signal: controller.signal });
    const reader = download.stream().getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    controller.abort(new Error("user left the page"));
    const error = await reader.read().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(isAbortError(error)).toBe(true);
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ method: "GET", url: `${BASE_URL}/inventory/binaries/${binary.id}` });
    expect((error as AbortError).cause).toEqual(new Error("user left the page"));
  });

  it("a client-wide signal stops a download too, and an aborted signal stops it before the request", async () => {
    const controller = new AbortController();
    const client = createCumulocityClient({ baseUrl: BASE_URL, auth: ADMIN, signal: controller.signal });
    const download = await client.download("1");
    controller.abort();
    await expect(download.bytes()).rejects.toBeInstanceOf(AbortError);
    await expect(client.download("1")).rejects.toBeInstanceOf(AbortError);
  });

  it("the call's timeout covers the wait before a retry: a 503 asking for 30 s ends in TimeoutError", async () => {
    const log = logRecorder();
    const { client, sent } = testClient({ logger: log.logger }, () => serverError(503, { "retry-after": "30" }));
    const error = await caught(() => client.download("1", { timeout: 100 }));
    expect(error).toMatchObject({ name: "TimeoutError", kind: "timeout", timeout: 100, method: "GET" });
    expect(log.waits()).toEqual([30_000]);
    expect(sent).toHaveLength(1);
  });

  it("leaves a long-lived signal without listeners once the body is read", async () => {
    const controller = new AbortController();
    let listeners = 0;
    const add = controller.signal.addEventListener.bind(controller.signal);
    const remove = controller.signal.removeEventListener.bind(controller.signal);
    controller.signal.addEventListener = ((...args: Parameters<typeof add>) => {
      listeners++;
      add(...args);
    }) as typeof add;
    controller.signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      listeners--;
      remove(...args);
    }) as typeof remove;
    const { client } = testClient({ signal: controller.signal });
    for (let round = 0; round < 3; round++) {
      await (await client.download("1")).bytes();
    }
    expect(listeners).toBe(0);
  });
});
