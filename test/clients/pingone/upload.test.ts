import { createPingOneMock, namedExampleBytes } from "bytewire/mocks";
import { AbortError, ApiError, createPingOneClient, InvalidInputError, type Progress } from "bytewire/pingone";
import { describe, expect, it } from "vitest";
import { parseContentDisposition } from "../../../src/binary/content-disposition.ts";
import { useMockedApis } from "../../support/msw.ts";
import {
  AUTH,
  caught,
  chunkedStream,
  ENV,
  LOCAL_BASE_URL,
  localClient,
  MAX_IMAGE_BYTES,
  padded,
  sameBytes,
} from "./harness.ts";

useMockedApis(() => [createPingOneMock()]);

const PNG = namedExampleBytes("pingone-logo-png");
const JPEG = namedExampleBytes("pingone-userimg-jpeg");
const GIF = namedExampleBytes("pingone-icon-gif");
const SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');

/** A stream that records whether its consumer cancelled it. */
function cancellableStream(bytes: Uint8Array): { stream: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  let cancelled = false;
  const inner = chunkedStream(bytes).getReader();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await inner.read();
      if (done) {
        controller.close();
      } else {
        controller.enqueue(value);
      }
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, cancelled: () => cancelled };
}

describe("upload: checks before anything is sent", () => {
  it("refuses 2 MiB + 1 byte with IMAGE_TOO_LARGE and sends no request; exactly 2 MiB is uploaded", async () => {
    const { client, sent } = localClient();
    const tooBig = new Blob([padded(PNG, MAX_IMAGE_BYTES + 1)]);
    const error = await caught(() => client.upload(tooBig, { filename: "big.png" }));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ code: "IMAGE_TOO_LARGE", kind: "too_large" });
    expect((error as Error).message).toContain("2097153 bytes");
    expect(sent).toHaveLength(0);

    const image = await client.upload(new Blob([padded(PNG, MAX_IMAGE_BYTES)]), { filename: "max.png" });
    expect(image.targets.original).toMatchObject({ type: "png", width: 80, height: 40 });
    expect(sent).toHaveLength(1);
  });

  it("refuses a stream whose declared size is over the limit before sending, and cancels it", async () => {
    const { client, sent } = localClient();
    const source = cancellableStream(padded(PNG, 3 * 1024 * 1024));
    const error = await caught(() => client.upload(source.stream, { size: 3 * 1024 * 1024 }));
    expect(error).toMatchObject({ name: "InvalidInputError", code: "IMAGE_TOO_LARGE", kind: "too_large" });
    expect(source.cancelled()).toBe(true);
    expect(sent).toHaveLength(0);
  });

  it("applies the client's maxImageBytes instead of PingOne's 2 MiB", async () => {
    const { client, sent } = localClient({ maxImageBytes: 1000 });
    const error = await caught(() => client.upload(padded(PNG, 1001)));
    expect(error).toMatchObject({ name: "InvalidInputError", code: "IMAGE_TOO_LARGE", kind: "too_large" });
    expect((error as Error).message).toContain("at most 1000 bytes");
    expect(sent).toHaveLength(0);
    await client.upload(padded(PNG, 1000));
    expect(sent).toHaveLength(1);
  });

  it("refuses an SVG (and any other non-PNG/JPEG/GIF bytes) with UNSUPPORTED_IMAGE_TYPE before sending", async () => {
    const { client, sent } = localClient();
    const svg = new File([SVG], "logo.svg", { type: "image/svg+xml" });
    const error = await caught(() => client.upload(svg));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ code: "UNSUPPORTED_IMAGE_TYPE", kind: "invalid_input" });
    expect((error as Error).message).not.toContain("svg xmlns");

    // A type label does not make bytes an image.
    const labelled = new File([SVG], "logo.png", { type: "image/png" });
    await expect(client.upload(labelled)).rejects.toMatchObject({ code: "UNSUPPORTED_IMAGE_TYPE" });

    // Large enough that the stream is still open after its head was read: the check must cancel it.
    const source = cancellableStream(padded(SVG, 512 * 1024));
    await expect(client.upload(source.stream)).rejects.toMatchObject({ code: "UNSUPPORTED_IMAGE_TYPE" });
    expect(source.cancelled()).toBe(true);
    expect(sent).toHaveLength(0);
  });

  it("needs an environment: MISSING_ENVIRONMENT_ID without one, and nothing is sent", async () => {
    const { client, sent } = localClient({ environmentId: undefined });
    await expect(client.upload(PNG)).rejects.toMatchObject({ code: "MISSING_ENVIRONMENT_ID" });
    expect(sent).toHaveLength(0);
  });

  it("refuses a value it cannot upload with UNSUPPORTED_INPUT", async () => {
    const { client, sent } = localClient();
    await expect(client.upload(42 as unknown as Blob)).rejects.toMatchObject({ code: "UNSUPPORTED_INPUT" });
    expect(sent).toHaveLength(0);
  });

  it("turns an abort before sending into bytewire's AbortError, with no request", async () => {
    const { client, sent } = localClient();
    const controller = new AbortController();
    controller.abort(new Error("user left"));
    const error = await caught(() => client.upload(PNG, { signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ kind: "aborted" });
    expect((error as AbortError).cause).toEqual(new Error("user left"));
    expect(sent).toHaveLength(0);
  });
});

describe("upload: what goes on the wire", () => {
  it("sends a PNG as image/png even when the File says image/jpeg: the bytes decide, as they do for PingOne", async () => {
    const { client, sent } = localClient();
    const mislabelled = new File([PNG], "photo.jpg", { type: "image/jpeg" });
    const image = await client.upload(mislabelled);
    expect(sent[0]?.headers.get("content-type")).toBe("image/png");
    expect(sent[0]?.headers.get("content-disposition")).toBe("attachment; filename=photo.jpg");
    expect(image.targets.original.type).toBe("png");
  });

  it("sends image/jpeg (never image/jpg) and image/gif from the bytes, also over a caller's Content-Type header", async () => {
    const { client, sent } = localClient();
    await client.upload(new Blob([JPEG], { type: "image/jpg" }), { headers: { "content-type": "image/jpg" } });
    const gif = await client.upload(GIF);
    expect(sent.map((request) => request.headers.get("content-type"))).toEqual(["image/jpeg", "image/gif"]);
    expect(gif.targets.original).toMatchObject({ type: "gif", width: 16, height: 16 });
  });

  it("sends no Content-Disposition when there is no file name, and the raw bytes, not JSON", async () => {
    const { client, sent } = localClient();
    await client.upload(GIF.buffer);
    expect(sent[0]?.headers.has("content-disposition")).toBe(false);
    expect(await sent[0]?.body()).toEqual(GIF);
  });

  it("writes file names that cannot break the header: quotes and CR/LF are neutralised, non-ASCII goes in filename*", async () => {
    const { client, sent } = localClient();
    await client.upload(PNG, { filename: 'C:\\Users\\me\\my "best"\r\nX-Injected: 1.png' });
    await client.upload(PNG, { filename: "Grüße €.png" });
    const tricky = sent[0]?.headers.get("content-disposition") ?? "";
    const unicode = sent[1]?.headers.get("content-disposition") ?? "";
    expect(tricky).not.toMatch(/[\r\n]/);
    expect(sent[0]?.headers.has("x-injected")).toBe(false);
    expect(parseContentDisposition(tricky)).toMatchObject({
      type: "attachment",
      filename: "my _best_X-Injected_ 1.png",
    });
    expect(unicode).toBe(`attachment; filename="Gr__e _.png"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%E2%82%AC.png`);
    expect(parseContentDisposition(unicode).filename).toBe("Grüße €.png");
  });

  it("streams a stream input (duplex half, no length) after peeking at its head, without changing a byte", async () => {
    const { client, sent } = localClient();
    const bytes = padded(JPEG, 700 * 1024);
    const image = await client.upload(chunkedStream(bytes, 16 * 1024), { filename: "big.jpg" });
    expect(image.targets.original).toMatchObject({ type: "jpg", width: 64, height: 48 });
    expect(sent[0]?.headers.get("content-type")).toBe("image/jpeg");
    expect(sent[0]?.headers.has("content-length")).toBe(false);
    expect(sameBytes(await sent[0]?.body(), bytes)).toBe(true);
  });

  it("stops a stream of unknown length at the first byte past the limit and reports IMAGE_TOO_LARGE", async () => {
    let received = 0;
    let requests = 0;
    // A server that reads the body as it arrives (the mock would log the aborted read as its own failure).
    const client = createPingOneClient({
      baseUrl: LOCAL_BASE_URL,
      auth: AUTH,
      environmentId: ENV,
      fetch: async (request) => {
        requests++;
        const reader = request.body?.getReader();
        for (;;) {
          const chunk = await reader?.read();
          if (!chunk || chunk.done) {
            break;
          }
          received += chunk.value.byteLength;
        }
        return Response.json({}, { status: 201 });
      },
    });
    const error = await caught(() => client.upload(chunkedStream(padded(PNG, 3 * 1024 * 1024))));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ code: "IMAGE_TOO_LARGE" });
    expect(requests).toBe(1);
    expect(received).toBeLessThanOrEqual(MAX_IMAGE_BYTES);
    expect(received).toBeGreaterThan(MAX_IMAGE_BYTES - 64 * 1024);
  });

  it("aborts an upload in flight with bytewire's AbortError and stops reading the source", async () => {
    let pulls = 0;
    let sourceCancelled = false;
    const head = padded(PNG, 64 * 1024);
    // A source that delivers the image's head and then stalls, like a slow disk or network.
    const stalled = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        if (pulls === 1) {
          controller.enqueue(head);
        }
        return new Promise(() => {});
      },
      cancel() {
        sourceCancelled = true;
      },
    });
    const client = createPingOneClient({
      baseUrl: LOCAL_BASE_URL,
      auth: AUTH,
      environmentId: ENV,
      fetch: async (request) => {
        await request.arrayBuffer();
        return Response.json({}, { status: 201 });
      },
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("cancelled by the user")), 30);
    const error = await caught(() => client.upload(stalled, { signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toEqual(new Error("cancelled by the user"));
    expect(sourceCancelled).toBe(true);
  });

  it("reports upload progress up to the whole size, for a Blob and for a stream of declared size", async () => {
    const { client, sent } = localClient();
    const bytes = padded(PNG, 300 * 1024);
    const fromBlob: Progress[] = [];
    await client.upload(new Blob([bytes]), { onUploadProgress: (progress) => fromBlob.push(progress) });
    expect(fromBlob.at(-1)).toEqual({ loaded: bytes.length, total: bytes.length });

    const fromStream: Progress[] = [];
    await client.upload(chunkedStream(bytes, 16 * 1024), {
      size: bytes.length,
      onUploadProgress: (progress) => fromStream.push(progress),
    });
    expect(fromStream.map((event) => event.loaded)).toEqual([65536, 131072, 196608, 262144, 307200]);
    expect(fromStream.every((event) => event.total === bytes.length)).toBe(true);
    expect(sameBytes(await sent[1]?.body(), bytes)).toBe(true);
  });

  it("sends the transaction id header and uses the call's environment over the client's", async () => {
    const { client, sent } = localClient();
    const other = "00000000-0000-4000-8000-000000000000";
    const error = await caught(() => client.upload(PNG, { environmentId: other, transactionId: "checkout-7f3a" }));
    expect(sent[0]?.url).toBe(`${LOCAL_BASE_URL}/environments/${other}/images`);
    expect(sent[0]?.headers.get("x-ping-external-transaction-id")).toBe("checkout-7f3a");
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, kind: "not_found", code: "NOT_FOUND" });
    expect((error as Error).message).toContain(other);
  });
});

describe("upload: authentication", () => {
  it("answers 401 ACCESS_FAILED for a wrong token, without the token anywhere in the error", async () => {
    const secret = "wrong-token-5f2a9c";
    const { client, sent } = localClient({ auth: { type: "bearer", token: secret } });
    const error = await caught(() => client.upload(PNG, { filename: "logo.png" }));
    expect(error).toBeInstanceOf(ApiError);
    const failure = error as ApiError;
    expect(failure).toMatchObject({ status: 401, kind: "unauthorized", code: "ACCESS_FAILED", method: "POST" });
    expect(failure.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[0]?.headers.get("authorization")).toBe(`Bearer ${secret}`);
    expect(failure.message).not.toContain(secret);
    expect(JSON.stringify(failure)).not.toContain(secret);
    expect(JSON.stringify(failure.body)).not.toContain(secret);
    expect(String(failure.stack)).not.toContain(secret);
  });

  it("asks a token function for the current token on every request", async () => {
    const tokens = ["demo-token", "expired"];
    let calls = 0;
    const { client, sent } = localClient({
      auth: {
        type: "bearer",
        token: async () => {
          calls++;
          return tokens.shift() ?? "none";
        },
      },
    });
    await client.upload(PNG);
    await expect(client.get("99b4c866-041f-4c04-b495-be764f14927f")).rejects.toMatchObject({ status: 401 });
    expect(calls).toBe(2);
    expect(sent.map((request) => request.headers.get("authorization"))).toEqual([
      "Bearer demo-token",
      "Bearer expired",
    ]);
  });
});
