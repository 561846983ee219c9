import { Buffer } from "node:buffer";
import { describe, expect, it } from "vitest";
import {
  GIF_HEADER_BYTES,
  MAX_IMAGE_HEADER_BYTES,
  PNG_HEADER_BYTES,
  peekImageInfo,
  readImageInfo,
  scanImage,
  sniffImage,
} from "../../src/binary/image-info.ts";
import { IMAGE_FIXTURES } from "./fixtures/images.ts";
import { concatBytes, randomBytes, readAll, seededRandom, streamOf } from "./fixtures/random.ts";

function bytesOf(key: string): Uint8Array {
  const fixture = IMAGE_FIXTURES[key];
  if (!fixture) {
    throw new Error(`no fixture ${key}`);
  }
  return new Uint8Array(Buffer.from(fixture.base64, "base64"));
}

/** The JPEG's segments up to SOS, as [marker, bytes including FF marker and length]. */
function jpegSegments(jpeg: Uint8Array): { segments: Array<[number, Uint8Array]>; rest: Uint8Array } {
  const segments: Array<[number, Uint8Array]> = [];
  let position = 2;
  for (;;) {
    const marker = jpeg[position + 1] ?? 0;
    if (marker === 0xda) {
      return { segments, rest: jpeg.subarray(position) };
    }
    const length = ((jpeg[position + 2] ?? 0) << 8) | (jpeg[position + 3] ?? 0);
    segments.push([marker, jpeg.subarray(position, position + 2 + length)]);
    position += 2 + length;
  }
}

function buildJpeg(segments: readonly Uint8Array[], rest: Uint8Array): Uint8Array<ArrayBuffer> {
  return concatBytes([new Uint8Array([0xff, 0xd8]), ...segments, rest]);
}

function appSegment(marker: number, payloadLength: number): Uint8Array {
  const segment = new Uint8Array(4 + payloadLength);
  segment.set([0xff, marker, ((payloadLength + 2) >> 8) & 0xff, (payloadLength + 2) & 0xff]);
  return segment;
}

describe("sniffImage on real files (ImageMagick)", () => {
  for (const [key, fixture] of Object.entries(IMAGE_FIXTURES)) {
    it(`${key}: ${fixture.type} ${fixture.width}x${fixture.height}`, () => {
      expect(sniffImage(bytesOf(key))).toEqual({
        type: fixture.type,
        mediaType: `image/${fixture.type}`,
        width: fixture.width,
        height: fixture.height,
      });
    });
  }

  it("needs only the documented prefix for PNG and GIF", () => {
    expect(sniffImage(bytesOf("png300x1").subarray(0, PNG_HEADER_BYTES))).toMatchObject({ width: 300, height: 1 });
    expect(sniffImage(bytesOf("png300x1").subarray(0, PNG_HEADER_BYTES - 1))).toBeUndefined();
    expect(sniffImage(bytesOf("gif89a6x11").subarray(0, GIF_HEADER_BYTES))).toMatchObject({ width: 6, height: 11 });
    expect(sniffImage(bytesOf("gif89a6x11").subarray(0, GIF_HEADER_BYTES - 1))).toBeUndefined();
  });

  it("the progressive JPEG is sized from SOF2, the EXIF one after its APP1, the ICC one after its APP2", () => {
    const progressive = jpegSegments(bytesOf("jpegProgressive17x9")).segments.map(([marker]) => marker);
    expect(progressive).toContain(0xc2);
    expect(jpegSegments(bytesOf("jpegExif5x7")).segments.map(([marker]) => marker)).toContain(0xe1);
    expect(jpegSegments(bytesOf("jpegIcc8x6")).segments.map(([marker]) => marker)).toContain(0xe2);
  });
});

describe("sniffImage on constructed JPEG headers", () => {
  const { segments, rest } = jpegSegments(bytesOf("jpegBaseline5x7"));
  const sof = segments.find(([marker]) => marker === 0xc0)?.[1] ?? new Uint8Array(0);
  const others = segments.filter(([marker]) => marker !== 0xc0).map(([, bytes]) => bytes);

  it("skips DHT (C4) placed before the frame header instead of reading it as a frame", () => {
    const dhtFirst = segments.filter(([marker]) => marker === 0xc4).map(([, bytes]) => bytes);
    const jpeg = buildJpeg([...dhtFirst, ...others.filter((s) => s[1] !== 0xc4), sof], rest);
    expect(sniffImage(jpeg)).toMatchObject({ width: 5, height: 7 });
  });

  it("skips DAC (CC) and JPG (C8) segments", () => {
    const dac = new Uint8Array([0xff, 0xcc, 0x00, 0x06, 0x00, 0x20, 0x00, 0x10]);
    const jpg = new Uint8Array([0xff, 0xc8, 0x00, 0x06, 0x00, 0x20, 0x00, 0x10]);
    expect(sniffImage(buildJpeg([dac, jpg, sof], rest))).toMatchObject({ width: 5, height: 7 });
  });

  for (const marker of [0xc1, 0xc3, 0xc5, 0xc9, 0xcb, 0xcd, 0xcf]) {
    it(`reads SOF${marker - 0xc0} (0x${marker.toString(16)}) frame headers`, () => {
      const frame = sof.slice();
      frame[1] = marker;
      expect(sniffImage(buildJpeg([frame], rest))).toMatchObject({ type: "jpeg", width: 5, height: 7 });
    });
  }

  it("skips fill bytes, TEM and RST markers between segments", () => {
    const fill = new Uint8Array([0xff, 0xff, 0xff, 0x01, 0xff, 0xd3]);
    expect(sniffImage(buildJpeg([...others.slice(0, 1), fill, sof], rest))).toMatchObject({ width: 5, height: 7 });
  });

  it("finds the frame after 200 KiB of metadata, and readImageInfo reads just enough of a Blob", async () => {
    const jpeg = buildJpeg(
      [appSegment(0xe1, 65_000), appSegment(0xe2, 65_000), appSegment(0xe2, 65_000), appSegment(0xed, 10_000), sof],
      rest,
    );
    expect(sniffImage(jpeg)).toMatchObject({ width: 5, height: 7 });
    const scan = scanImage(jpeg.subarray(0, 4096));
    // SOI (2) + the first APP1 (4 + 65,000), then 2 bytes to see the next marker.
    expect(scan).toEqual({ kind: "need-more", bytes: 2 + 65_004 + 2 });
    let read = 0;
    class CountingBlob extends Blob {
      override slice(start?: number, end?: number): Blob {
        read += (end ?? this.size) - (start ?? 0);
        return super.slice(start, end);
      }
    }
    const padded = concatBytes([jpeg, new Uint8Array(5 * 1024 * 1024)]);
    expect(await readImageInfo(new CountingBlob([padded]))).toMatchObject({ width: 5, height: 7 });
    // Doubling from 4 KiB up to the ~200 KiB needed: far less than the 5 MiB file.
    expect(read).toBeGreaterThan(jpeg.length - rest.length);
    expect(read).toBeLessThan(4 * jpeg.length);
  });

  it("gives up beyond the cap instead of reading the whole file", async () => {
    const metadata = Array.from({ length: 5 }, () => appSegment(0xe1, 65_000));
    const jpeg = buildJpeg([...metadata, sof], rest);
    expect(sniffImage(jpeg)).toMatchObject({ width: 5, height: 7 });
    expect(await readImageInfo(new Blob([jpeg]))).toBeUndefined();
    expect(await readImageInfo(new Blob([jpeg]), { maxBytes: MAX_IMAGE_HEADER_BYTES * 2 })).toMatchObject({ width: 5 });
  });
});

describe("sniffImage on garbage and truncated input", () => {
  it("returns undefined for every truncation of every fixture before its size is known, and never throws", () => {
    for (const [key, fixture] of Object.entries(IMAGE_FIXTURES)) {
      const bytes = bytesOf(key);
      let firstKnown = -1;
      for (let length = 0; length <= bytes.length; length++) {
        const info = sniffImage(bytes.subarray(0, length));
        if (info && firstKnown === -1) {
          firstKnown = length;
        }
        if (firstKnown !== -1) {
          expect(info, `${key} at ${length}`).toMatchObject({ width: fixture.width, height: fixture.height });
        }
      }
      expect(firstKnown, key).toBeGreaterThan(0);
    }
  });

  it("rejects other formats and look-alikes", () => {
    const cases = [
      new Uint8Array(0),
      new TextEncoder().encode("GIF88a\x01\x00\x01\x00"),
      new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>"),
      new Uint8Array([0x42, 0x4d, 0, 0, 0, 0, 0, 0, 0, 0]), // BMP
      new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50]), // WebP
      new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), // SOI then EOI
      new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0x00, 0x08]), // SOS before any frame
      new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x01]), // a segment length below 2
      new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x02, 0x12, 0x34]), // garbage where a marker should be
      new Uint8Array([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x00, 0x00, 0x05]), // height 0 (DNL)
    ];
    for (const bytes of cases) {
      expect(sniffImage(bytes)).toBeUndefined();
    }
    const zeroPng = bytesOf("png3x2").slice(0, PNG_HEADER_BYTES);
    zeroPng.fill(0, 16, 20);
    expect(sniffImage(zeroPng)).toBeUndefined();
    const hugePng = bytesOf("png3x2").slice(0, PNG_HEADER_BYTES);
    hugePng.fill(0xff, 16, 20);
    expect(sniffImage(hugePng)).toBeUndefined();
  });

  it("survives 20,000 random and mutated inputs without throwing or hanging", () => {
    const random = seededRandom(42);
    const seeds = Object.keys(IMAGE_FIXTURES).map(bytesOf);
    const started = performance.now();
    for (let round = 0; round < 20_000; round++) {
      let bytes: Uint8Array;
      if (round % 2 === 0) {
        bytes = randomBytes(random, Math.floor(random() * 64));
        if (round % 4 === 0) {
          bytes.set([0xff, 0xd8, 0xff].slice(0, bytes.length));
        }
      } else {
        bytes = (seeds[round % seeds.length] ?? new Uint8Array(0)).slice();
        for (let flips = 0; flips < 4; flips++) {
          bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
        }
      }
      const info = sniffImage(bytes);
      if (info) {
        expect(info.width).toBeGreaterThan(0);
        expect(info.height).toBeGreaterThan(0);
      }
    }
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe("peekImageInfo", () => {
  it("finds the header in a chunked stream and replays every byte", async () => {
    const bytes = concatBytes([bytesOf("jpegIcc8x6"), randomBytes(seededRandom(5), 100_000)]);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, index) =>
      bytes.subarray(index * 7, index * 7 + 7),
    );
    const { info, stream } = await peekImageInfo(streamOf(chunks));
    expect(info).toMatchObject({ type: "jpeg", width: 8, height: 6 });
    expect(Buffer.from(concatBytes(await readAll(stream))).equals(bytes)).toBe(true);
  });

  it("reads only the head of a large stream before answering", async () => {
    let pulled = 0;
    const png = bytesOf("png300x1");
    const source = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled++;
          controller.enqueue(pulled === 1 ? png : new Uint8Array(64 * 1024));
          if (pulled === 1000) {
            controller.close();
          }
        },
      },
      { highWaterMark: 0 },
    );
    const { info, stream } = await peekImageInfo(source);
    expect(info).toMatchObject({ type: "png", width: 300 });
    expect(pulled).toBe(1);
    const reader = stream.getReader();
    expect((await reader.read()).value).toEqual(png);
    await reader.cancel();
  });

  it("answers undefined for a non-image and for a stream that ends early, replaying the bytes", async () => {
    const text = new TextEncoder().encode("hello, not an image");
    const notImage = await peekImageInfo(streamOf([text]));
    expect(notImage.info).toBeUndefined();
    expect(concatBytes(await readAll(notImage.stream))).toEqual(text);
    const truncated = bytesOf("png3x2").subarray(0, 12);
    const early = await peekImageInfo(streamOf([truncated]));
    expect(early.info).toBeUndefined();
    expect(concatBytes(await readAll(early.stream))).toEqual(truncated);
  });
});
