import { Buffer } from "node:buffer";
import { openAsBlob } from "node:fs";
import { mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createMultipartBody, type MultipartPart } from "../../src/binary/multipart.ts";
import { InvalidInputError } from "../../src/core/errors.ts";
import { concatBytes, randomBytes, readAll, seededRandom, streamOf } from "./fixtures/random.ts";

async function parse(body: Blob | ReadableStream<Uint8Array>, contentType: string): Promise<FormData> {
  return new Response(body, { headers: { "content-type": contentType } }).formData();
}

async function fileBytes(value: FormDataEntryValue | null): Promise<Uint8Array> {
  expect(value).toBeInstanceOf(File);
  return new Uint8Array(await (value as File).arrayBuffer());
}

async function bodyBytes(body: Blob | ReadableStream<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  return body instanceof Blob ? new Uint8Array(await body.arrayBuffer()) : concatBytes(await readAll(body));
}

const random = seededRandom(11);
const photo = randomBytes(random, 70_000);

describe("createMultipartBody with strings and Blobs", () => {
  it("writes the exact RFC 7578 layout with CRLF line endings", async () => {
    const { body, contentType, size } = createMultipartBody(
      [
        { name: "object", value: '{"name":"a.txt"}', contentType: "application/json" },
        { name: "file", value: new Blob(["hello"], { type: "text/plain" }), filename: "a.txt" },
      ],
      { boundary: "XyZ" },
    );
    expect(contentType).toBe("multipart/form-data; boundary=XyZ");
    const text = new TextDecoder().decode(await bodyBytes(body));
    expect(text).toBe(
      "--XyZ\r\n" +
        'Content-Disposition: form-data; name="object"\r\n' +
        "Content-Type: application/json\r\n\r\n" +
        '{"name":"a.txt"}\r\n' +
        "--XyZ\r\n" +
        'Content-Disposition: form-data; name="file"; filename="a.txt"\r\n' +
        "Content-Type: text/plain\r\n\r\n" +
        "hello\r\n" +
        "--XyZ--\r\n",
    );
    expect(size).toBe(new TextEncoder().encode(text).length);
  });

  it("is a replayable Blob of known size that undici parses back to the same fields and bytes", async () => {
    const parts: MultipartPart[] = [
      {
        name: "object",
        value: JSON.stringify({ name: "Größe €.jpg", type: "image/jpeg" }),
        contentType: "application/json",
      },
      { name: "file", value: new File([photo], "Größe €.jpg", { type: "image/jpeg" }) },
      { name: "anonymous", value: new Blob([photo.subarray(0, 10)]) },
      { name: "empty", value: new File([], "empty.bin") },
      { name: "note", value: "line one\r\nline two ✓" },
    ];
    const { body, contentType, size } = createMultipartBody(parts);
    expect(body).toBeInstanceOf(Blob);
    expect(size).toBe((body as Blob).size);
    expect(contentType).toMatch(/^multipart\/form-data; boundary=----bytewire-[0-9a-f]{32}$/);
    for (let attempt = 0; attempt < 2; attempt++) {
      const form = await parse(body, contentType);
      expect(form.get("object")).toBe(JSON.stringify({ name: "Größe €.jpg", type: "image/jpeg" }));
      const file = form.get("file") as File;
      expect(file.name).toBe("Größe €.jpg");
      expect(file.type).toBe("image/jpeg");
      expect(Buffer.from(await fileBytes(file)).equals(photo)).toBe(true);
      const anonymous = form.get("anonymous") as File;
      expect([anonymous.name, anonymous.type]).toEqual(["blob", "application/octet-stream"]);
      expect(await fileBytes(anonymous)).toEqual(photo.subarray(0, 10));
      const empty = form.get("empty") as File;
      expect([empty.name, empty.size]).toEqual(["empty.bin", 0]);
      expect(form.get("note")).toBe("line one\r\nline two ✓");
    }
  });

  it("escapes quotes, CR and LF in names and filenames as browsers do, so they parse back", async () => {
    const { body, contentType } = createMultipartBody([
      { name: 'field "x"\r\nX-Injected: 1', value: "v" },
      { name: "file", value: new Blob(["z"]), filename: 'evil".txt\r\nContent-Type: text/html' },
    ]);
    const text = new TextDecoder().decode(await bodyBytes(body));
    expect(text).not.toContain("\r\nX-Injected");
    expect(text).not.toContain("\r\nContent-Type: text/html");
    const form = await parse(body, contentType);
    expect(form.get('field "x"\r\nX-Injected: 1')).toBe("v");
    expect((form.get("file") as File).name).toBe('evil".txt\r\nContent-Type: text/html');
  });

  it("lets explicit filename and contentType win over the Blob's", async () => {
    const { body, contentType } = createMultipartBody([
      {
        name: "file",
        value: new File(["x"], "inner.txt", { type: "text/plain" }),
        filename: "outer.csv",
        contentType: "text/csv",
      },
    ]);
    const file = (await parse(body, contentType)).get("file") as File;
    expect([file.name, file.type]).toEqual(["outer.csv", "text/csv"]);
  });

  it("stays lazy over a file-backed Blob: the file is read when the body is sent, not copied when it is built", async () => {
    const directory = await mkdtemp(join(tmpdir(), "bytewire-multipart-"));
    try {
      const path = join(directory, "photo.bin");
      await writeFile(path, photo);
      const file = await openAsBlob(path);
      const { body, size } = createMultipartBody([{ name: "file", value: file, filename: "photo.bin" }]);
      expect(size).toBe((body as Blob).size);
      expect(size).toBeGreaterThan(photo.length);
      // Node's file-backed Blobs refuse to read a file that changed after they were opened. That the composed body
      // fails proves it still points at the file instead of holding a copy.
      await writeFile(path, photo.subarray(0, 100));
      await utimes(path, new Date(), new Date(Date.now() + 10_000));
      await expect((body as Blob).arrayBuffer()).rejects.toMatchObject({ name: "NotReadableError" });
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe("createMultipartBody with streams", () => {
  it("streams parts of unknown size (size undefined) that parse back exactly, including a 0-byte stream", async () => {
    const { body, contentType, size } = createMultipartBody([
      { name: "object", value: "{}", contentType: "application/json" },
      {
        name: "file",
        value: { body: streamOf([photo.subarray(0, 1), photo.subarray(1)]), name: "photo.jpg", type: "image/jpeg" },
      },
      { name: "empty", value: { body: streamOf<Uint8Array>([]) } },
      { name: "blob", value: new Blob(["after"]) },
    ]);
    expect(body).toBeInstanceOf(ReadableStream);
    expect(size).toBeUndefined();
    const form = await parse(body, contentType);
    const file = form.get("file") as File;
    expect([file.name, file.type]).toEqual(["photo.jpg", "image/jpeg"]);
    expect(Buffer.from(await fileBytes(file)).equals(photo)).toBe(true);
    const empty = form.get("empty") as File;
    expect([empty.name, empty.size, empty.type]).toEqual(["blob", 0, "application/octet-stream"]);
    expect(await (form.get("blob") as File).text()).toBe("after");
    expect(form.get("object")).toBe("{}");
  });

  it("knows the total size when every stream declares one, and it matches the bytes", async () => {
    const { body, contentType, size } = createMultipartBody([
      { name: "a", value: { body: streamOf([photo]), size: photo.length } },
      { name: "b", value: "text" },
    ]);
    const bytes = await bodyBytes(body);
    expect(size).toBe(bytes.length);
    const form = await parse(new Blob([bytes]), contentType);
    expect(Buffer.from(await fileBytes(form.get("a"))).equals(photo)).toBe(true);
  });

  it("refuses a declared size that is not a non-negative integer", () => {
    for (const size of [-1, 1.5, Number.NaN]) {
      expect(() => createMultipartBody([{ name: "a", value: { body: streamOf([photo]), size } }])).toThrow(
        expect.objectContaining({ code: "SIZE_MISMATCH" }),
      );
    }
  });

  it("errors with SIZE_MISMATCH when a stream is shorter or longer than declared", async () => {
    for (const declared of [photo.length + 1, photo.length - 1]) {
      const { body } = createMultipartBody([{ name: "a", value: { body: streamOf([photo]), size: declared } }]);
      await expect(bodyBytes(body)).rejects.toMatchObject({ name: "InvalidInputError", code: "SIZE_MISMATCH" });
    }
  });

  it("pulls a part's source only as fast as the consumer reads (no read-ahead of the file)", async () => {
    let pulled = 0;
    const source = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled++;
          controller.enqueue(new Uint8Array(64 * 1024));
          if (pulled === 100) {
            controller.close();
          }
        },
      },
      { highWaterMark: 0 },
    );
    const { body } = createMultipartBody([{ name: "a", value: { body: source } }]);
    const reader = (body as ReadableStream<Uint8Array>).getReader();
    await reader.read(); // the part header
    for (let read = 1; read <= 10; read++) {
      await reader.read();
      expect(pulled).toBeLessThanOrEqual(read + 1);
    }
    await reader.cancel(new Error("stop"));
  });

  it("cancelling the body cancels the current part and the parts not yet read", async () => {
    const cancelled: string[] = [];
    const endless = (label: string) =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          controller.enqueue(new Uint8Array(10));
        },
        cancel() {
          cancelled.push(label);
        },
      });
    const { body } = createMultipartBody([
      { name: "first", value: { body: endless("first") } },
      { name: "second", value: { body: endless("second") } },
    ]);
    const reader = (body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel(new Error("user stopped"));
    expect(cancelled.sort()).toEqual(["first", "second"]);
  });

  it("passes a source error on and cancels the remaining streams", async () => {
    let secondCancelled = false;
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error("disk read failed"));
      },
    });
    const second = new ReadableStream<Uint8Array>({
      cancel() {
        secondCancelled = true;
      },
    });
    const { body } = createMultipartBody([
      { name: "a", value: { body: failing } },
      { name: "b", value: { body: second } },
    ]);
    await expect(bodyBytes(body)).rejects.toThrow("disk read failed");
    expect(secondCancelled).toBe(true);
  });
});

describe("createMultipartBody validation", () => {
  it("quotes a boundary that needs it, and it still parses", async () => {
    const { body, contentType } = createMultipartBody([{ name: "a", value: "1" }], {
      boundary: "with space/and:colon",
    });
    expect(contentType).toBe('multipart/form-data; boundary="with space/and:colon"');
    expect((await parse(body, contentType)).get("a")).toBe("1");
  });

  it("rejects boundaries outside RFC 2046", () => {
    for (const boundary of ["", "x".repeat(71), "ends with space ", "bad\r\nboundary", "semi;colon", "é"]) {
      expect(() => createMultipartBody([], { boundary }), JSON.stringify(boundary)).toThrow(
        expect.objectContaining({ code: "INVALID_BOUNDARY" }),
      );
    }
    expect(() => createMultipartBody([], { boundary: "x".repeat(70) })).not.toThrow();
  });

  it("rejects a content type that would inject header lines", () => {
    expect(() => createMultipartBody([{ name: "a", value: "1", contentType: "text/plain\r\nX-Evil: 1" }])).toThrow(
      expect.objectContaining({ code: "INVALID_HEADER_VALUE" }),
    );
  });

  it("rejects values of other types with UNSUPPORTED_INPUT naming the type only", () => {
    const secret = { token: "s3cr3t" };
    try {
      createMultipartBody([{ name: "a", value: secret as unknown as string }]);
      expect.fail("must throw");
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error).toMatchObject({ code: "UNSUPPORTED_INPUT" });
      expect((error as Error).message).toContain("an object (Object)");
      expect((error as Error).message).not.toContain("s3cr3t");
    }
  });

  it("an empty part list is a valid body with only the closing boundary", async () => {
    const { body, contentType } = createMultipartBody([], { boundary: "b" });
    expect(new TextDecoder().decode(await bodyBytes(body))).toBe("--b--\r\n");
    expect([...(await parse(body, contentType)).keys()]).toEqual([]);
  });
});

describe("createMultipartBody's open(), for a transport that takes async iterables", () => {
  it("yields the same bytes as the body, reading a part through its own open (a file with large reads)", async () => {
    const file = randomBytes(seededRandom(7), 300_000);
    let opened = 0;
    const parts: MultipartPart[] = [
      { name: "object", value: '{"name":"a.bin"}', contentType: "application/json" },
      {
        name: "file",
        value: {
          body: new Blob([file]),
          name: "a.bin",
          open: async function* () {
            opened++;
            yield file.subarray(0, 100_000);
            yield file.subarray(100_000);
          },
        },
      },
    ];
    const multipart = createMultipartBody(parts, { boundary: "b0undary" });
    expect(multipart.open).toBeTypeOf("function");
    const chunks: Uint8Array[] = [];
    for await (const chunk of multipart.open?.() ?? []) {
      chunks.push(chunk);
    }
    const fromOpen = concatBytes(chunks);
    const fromBody = new Uint8Array(await (multipart.body as Blob).arrayBuffer());
    expect(Buffer.compare(fromOpen, fromBody)).toBe(0);
    expect(fromOpen.byteLength).toBe(multipart.size);
    expect(opened).toBe(1);
  });

  it("has no open() when no part has one", () => {
    expect(createMultipartBody([{ name: "a", value: new Blob(["x"]) }]).open).toBeUndefined();
  });
});
