import { Buffer } from "node:buffer";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { encodeBase64 } from "../../src/binary/base64.ts";
import {
  createBase64DecoderStream,
  createBase64EncoderStream,
  encodeBase64Stream,
} from "../../src/binary/base64-stream.ts";
import { InvalidInputError } from "../../src/core/errors.ts";
import {
  concatBytes,
  randomBytes,
  randomChunks,
  randomInt,
  readAll,
  seededRandom,
  streamOf,
} from "./fixtures/random.ts";

async function encodeChunks(chunks: readonly Uint8Array[]): Promise<string> {
  return (await readAll(streamOf(chunks).pipeThrough(createBase64EncoderStream()))).join("");
}

async function decodeChunks(chunks: readonly (string | Uint8Array)[]): Promise<Uint8Array> {
  return concatBytes(await readAll(streamOf(chunks).pipeThrough(createBase64DecoderStream())));
}

function randomTextChunks(random: () => number, text: string, maxChunk: number): string[] {
  const chunks: string[] = [];
  for (let offset = 0; offset < text.length; ) {
    const length = random() < 0.05 ? 0 : randomInt(random, 1, maxChunk);
    chunks.push(text.slice(offset, offset + length));
    offset += length;
  }
  return chunks;
}

// Inputs up to 2,000 bytes: chunkings down to one byte (or character) a chunk still run every carry and padding path,
// and 100 rounds stay far under the test's timeout on a busy machine.
describe("createBase64EncoderStream", () => {
  it("equals the one-shot encoder for 100 random inputs in random chunkings", async () => {
    const random = seededRandom(7);
    for (let round = 0; round < 100; round++) {
      const bytes = randomBytes(random, randomInt(random, 0, 2_000));
      const maxChunk = [1, 2, 3, 4, 7, 100, 5000][round % 7] ?? 1;
      const text = await encodeChunks(randomChunks(random, bytes, maxChunk));
      if (text !== encodeBase64(bytes)) {
        expect.fail(`round ${round}: ${bytes.length} bytes in chunks of up to ${maxChunk} encoded differently`);
      }
    }
  });

  it("emits nothing for chunks too small to complete a group, and pads only at the end", async () => {
    const outputs = await readAll(
      streamOf([new Uint8Array([1]), new Uint8Array([2]), new Uint8Array([3, 4])]).pipeThrough(
        createBase64EncoderStream(),
      ),
    );
    expect(outputs).toEqual(["AQID", "BA=="]);
  });

  it("accepts Node Buffers and other views as chunks", async () => {
    const text = await encodeChunks([Buffer.from([0xff]), new Uint8Array([0xd8, 0xff]).subarray(0)]);
    expect(text).toBe("/9j/");
  });

  it("rejects string chunks with UNSUPPORTED_INPUT", async () => {
    const stream = streamOf(["text" as unknown as Uint8Array]).pipeThrough(createBase64EncoderStream());
    await expect(readAll(stream)).rejects.toMatchObject({ name: "InvalidInputError", code: "UNSUPPORTED_INPUT" });
  });
});

describe("encodeBase64Stream", () => {
  it("encodes a Node Readable (async iterable) and a ReadableStream like the one-shot encoder", async () => {
    const bytes = randomBytes(seededRandom(8), 300_001);
    const expected = Buffer.from(bytes).toString("base64");
    const fromReadable = await readAll(
      encodeBase64Stream(Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)])),
    );
    expect(fromReadable.join("")).toBe(expected);
    const fromStream = await readAll(encodeBase64Stream(new Blob([bytes]).stream()));
    expect(fromStream.join("")).toBe(expected);
  });
});

describe("createBase64DecoderStream", () => {
  it("round-trips 100 random inputs in random text chunkings", async () => {
    const random = seededRandom(9);
    for (let round = 0; round < 100; round++) {
      const bytes = randomBytes(random, randomInt(random, 0, 2_000));
      const text = Buffer.from(bytes).toString("base64");
      const decoded = await decodeChunks(randomTextChunks(random, text, [1, 3, 4, 5, 999][round % 5] ?? 1));
      if (!Buffer.from(decoded).equals(Buffer.from(bytes))) {
        expect.fail(`round ${round}: ${bytes.length} bytes did not round-trip`);
      }
    }
  });

  const invalid: Array<[string, string[], number]> = [
    ["a bad character in a later chunk", ["QUJD", "RE*G"], 6],
    ["a bad character split over chunks", ["QU", "JDR", "E*G"], 6],
    ["text after the padding", ["QQ==", "QUJD"], 4],
    ["padding followed by more in the same chunk", ["QUJDQQ==QQ"], 8],
    ["a truncated end", ["QUJD", "RE"], 4],
    ["whitespace", ["QUJD\n", "REVG"], 4],
  ];
  for (const [label, chunks, position] of invalid) {
    it(`rejects ${label} at stream position ${position}`, async () => {
      const error = await decodeChunks(chunks).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error).toMatchObject({ code: "INVALID_BASE64" });
      expect((error as Error).message).toContain(`position ${position}`);
    });
  }

  it("takes the text as ASCII bytes too (a .b64 file's stream), in any chunking", async () => {
    const random = seededRandom(21);
    for (let round = 0; round < 30; round++) {
      const bytes = randomBytes(random, randomInt(random, 0, 20_000));
      const ascii = new TextEncoder().encode(Buffer.from(bytes).toString("base64"));
      const chunks: Uint8Array[] = [];
      for (let offset = 0; offset < ascii.length; ) {
        const length = randomInt(random, 1, 777);
        chunks.push(ascii.subarray(offset, offset + length));
        offset += length;
      }
      expect(Buffer.from(await decodeChunks(chunks)).equals(Buffer.from(bytes))).toBe(true);
    }
  });

  it("rejects a non-ASCII byte at its stream position, and chunks that are neither text nor bytes", async () => {
    const error = await decodeChunks([new TextEncoder().encode("QUJD"), Uint8Array.of(0x51, 0xc3, 0x51, 0x51)]).catch(
      (reason: unknown) => reason,
    );
    expect(error).toMatchObject({ code: "INVALID_BASE64" });
    expect((error as Error).message).toContain("position 5");
    const wrongType = await decodeChunks([42 as never]).catch((reason: unknown) => reason);
    expect(wrongType).toMatchObject({ code: "UNSUPPORTED_INPUT" });
  });
});
