import { describe, expect, it } from "vitest";
import { platform } from "#platform";
import { decodeBase64, encodeBase64 } from "../../src/binary/base64.ts";
import { availableBase64Codecs, selectedBase64Codec } from "../../src/binary/base64-codecs.ts";
import { createBase64EncoderStream } from "../../src/binary/base64-stream.ts";
import { Download } from "../../src/binary/download.ts";
import { readImageInfo, sniffImage } from "../../src/binary/image-info.ts";
import { createMultipartBody } from "../../src/binary/multipart.ts";
import { toUploadBody } from "../../src/binary/upload-input.ts";
import { IMAGE_FIXTURES } from "./fixtures/images.ts";
import { randomBytes, randomChunks, randomInt, readAll, seededRandom, streamOf } from "./fixtures/random.ts";

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

// The same helpers in Chromium: the native base64 path, the web side of #platform, and the browser's own multipart
// parser.
describe("binary helpers in Chromium", () => {
  it("#platform resolves to the web implementation", () => {
    expect(platform.kind).toBe("web");
  });

  it("selects the native base64 codec, which agrees with the fallback on random sizes up to 1 MiB", () => {
    expect(availableBase64Codecs().map((codec) => codec.kind)).toEqual(["native", "fallback"]);
    expect(selectedBase64Codec().kind).toBe("native");
    const [native, fallback] = availableBase64Codecs();
    const random = seededRandom(99);
    const data = randomBytes(random, 1024 * 1024);
    for (const size of [
      0,
      1,
      2,
      3,
      4,
      5,
      57,
      76,
      65535,
      65536,
      65537,
      1024 * 1024,
      ...Array.from({ length: 30 }, () => randomInt(random, 0, 1024 * 1024)),
    ]) {
      const bytes = data.subarray(0, size);
      const text = native?.encode(bytes) ?? "";
      if (text !== fallback?.encode(bytes)) {
        expect.fail(`native and fallback encode ${size} bytes differently`);
      }
      const decoded = [native?.decode(text), fallback?.decode(text), decodeBase64(text)];
      if (!decoded.every((result) => result !== undefined && sameBytes(result, bytes))) {
        expect.fail(`${size} bytes did not round-trip`);
      }
    }
    const started = performance.now();
    for (const codec of [native, fallback]) {
      const begin = performance.now();
      codec?.decode(codec.encode(data));
      console.log(`${codec?.kind}: 1 MiB encode + decode in ${(performance.now() - begin).toFixed(1)} ms`);
    }
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("stays strict where the native decoder alone would be lenient", () => {
    // Uint8Array.fromBase64 skips ASCII whitespace by default; the validator runs first.
    for (const text of ["QUJD\nREVG", "QQ", "QR==", "QUJD-A=="]) {
      expect(() => decodeBase64(text)).toThrow(expect.objectContaining({ code: "INVALID_BASE64" }));
    }
  });

  it("the encoder stream matches the one-shot encoder", async () => {
    const random = seededRandom(5);
    const bytes = randomBytes(random, 50_000);
    const text = (
      await readAll(streamOf(randomChunks(random, bytes, 999)).pipeThrough(createBase64EncoderStream()))
    ).join("");
    expect(text).toBe(encodeBase64(bytes));
  });

  it("multipart bodies (Blob and stream) parse back in the browser", async () => {
    const bytes = randomBytes(seededRandom(6), 70_000);
    const blob = createMultipartBody([
      { name: "object", value: '{"name":"Größe.jpg"}', contentType: "application/json" },
      { name: "file", value: new File([bytes], "Größe.jpg", { type: "image/jpeg" }) },
      { name: "empty", value: new Blob([]) },
    ]);
    expect(blob.body).toBeInstanceOf(Blob);
    const form = await new Response(blob.body, { headers: { "content-type": blob.contentType } }).formData();
    expect(form.get("object")).toBe('{"name":"Größe.jpg"}');
    const file = form.get("file") as File;
    expect([file.name, file.type, file.size]).toEqual(["Größe.jpg", "image/jpeg", bytes.length]);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
    expect((form.get("empty") as File).size).toBe(0);

    const streamed = createMultipartBody([
      { name: "file", value: { body: streamOf([bytes.subarray(0, 5), bytes.subarray(5)]) } },
    ]);
    const streamedForm = await new Response(streamed.body, {
      headers: { "content-type": streamed.contentType },
    }).formData();
    expect(new Uint8Array(await (streamedForm.get("file") as File).arrayBuffer())).toEqual(bytes);
  });

  it("file paths are refused and saveTo rejects without reading the body", async () => {
    await expect(toUploadBody("/etc/hosts")).rejects.toMatchObject({ code: "UNSUPPORTED_INPUT" });
    const download = new Download(new Response(new Uint8Array([1, 2, 3])));
    await expect(download.saveTo("x.bin")).rejects.toMatchObject({ code: "UNSUPPORTED_RUNTIME" });
    expect(download.bodyUsed).toBe(false);
    expect(await download.bytes()).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("sniffs images from bytes and from a Blob", async () => {
    for (const fixture of Object.values(IMAGE_FIXTURES)) {
      const bytes = decodeBase64(fixture.base64);
      expect(sniffImage(bytes)).toMatchObject({ type: fixture.type, width: fixture.width, height: fixture.height });
      expect(await readImageInfo(new Blob([bytes as Uint8Array<ArrayBuffer>]))).toMatchObject({ width: fixture.width });
    }
  });
});
