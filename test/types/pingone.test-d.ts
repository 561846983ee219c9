import {
  type ApiError,
  createPingOneClient,
  type PingOneClient,
  type PingOneErrorBody,
  type PingOneImage,
  type PingOneImageFormat,
  type PingOneRegion,
} from "bytewire/pingone";
import { assertType, describe, expectTypeOf, it } from "vitest";

declare const client: PingOneClient;
declare const file: File;
declare const stream: ReadableStream<Uint8Array>;

describe("createPingOneClient options", () => {
  it("takes a region or a baseUrl, never both, and a token that may be a function", () => {
    assertType<PingOneClient>(createPingOneClient({ token: "t" }));
    assertType<PingOneClient>(createPingOneClient({ token: "t", region: "com.au", environmentId: "e" }));
    assertType<PingOneClient>(createPingOneClient({ token: async () => "t", baseUrl: "http://localhost:4010/v1" }));
    assertType<PingOneClient>(createPingOneClient({ token: () => "t", maxRetries: 0, timeout: 5_000 }));
    // @ts-expect-error a region PingOne does not have
    createPingOneClient({ token: "t", region: "de" });
    // @ts-expect-error region and baseUrl together
    createPingOneClient({ token: "t", region: "eu", baseUrl: "https://api.pingone.eu/v1" });
    // @ts-expect-error the token is required
    createPingOneClient({ region: "eu" });
    // @ts-expect-error a token is a string or a function returning one
    createPingOneClient({ token: 42 });
    expectTypeOf<PingOneRegion>().toEqualTypeOf<"com" | "eu" | "ca" | "com.au" | "sg" | "asia">();
  });
});

describe("task methods", () => {
  it("createImage takes any upload input and returns the typed Image", () => {
    expectTypeOf(client.createImage(file)).toEqualTypeOf<Promise<PingOneImage>>();
    assertType<Promise<PingOneImage>>(client.createImage(new Uint8Array(4), { filename: "a.png" }));
    assertType<Promise<PingOneImage>>(
      client.createImage(stream, { size: 10, onUploadProgress: ({ loaded }) => loaded }),
    );
    assertType<Promise<PingOneImage>>(client.createImage("./logo.png", { environmentId: "e", transactionId: "x" }));
    // @ts-expect-error a plain object is not an upload
    client.createImage({ bytes: [1, 2, 3] });
    // @ts-expect-error the type comes from the bytes; there is no contentType option to contradict them
    client.createImage(file, { contentType: "image/jpeg" });
    // @ts-expect-error the file name is a string
    client.createImage(file, { filename: 1 });
  });

  it("readImage returns the Image with required fields; deleteImage returns nothing", () => {
    expectTypeOf(client.readImage("id")).toEqualTypeOf<Promise<PingOneImage>>();
    expectTypeOf(client.deleteImage("id")).toEqualTypeOf<Promise<void>>();
    expectTypeOf<PingOneImage["id"]>().toEqualTypeOf<string>();
    expectTypeOf<PingOneImage["targets"]["original"]["width"]>().toEqualTypeOf<number>();
    expectTypeOf<PingOneImage["targets"]["original"]["type"]>().toEqualTypeOf<PingOneImageFormat>();
    expectTypeOf<PingOneImageFormat>().toEqualTypeOf<"png" | "jpg" | "gif">();
    // @ts-expect-error the image ID is a string
    client.readImage(42);
    // @ts-expect-error options are an object
    client.deleteImage("id", "env");
  });

  it("the error body type is PingOne's P1Error", () => {
    expectTypeOf<PingOneErrorBody>().toMatchTypeOf<{ id: string; code: string; message: string }>();
    expectTypeOf<ApiError["code"]>().toEqualTypeOf<string | number | undefined>();
  });
});

describe("raw", () => {
  it("has only the PingOne paths, typed params and typed data", async () => {
    const { data, error } = await client.raw.GET("/environments/{envID}/images/{imageID}", {
      params: { path: { envID: "e", imageID: "i" } },
    });
    expectTypeOf(data).toEqualTypeOf<PingOneImage | undefined>();
    expectTypeOf(error).toMatchTypeOf<PingOneErrorBody | undefined>();
    // @ts-expect-error the image ID is required
    await client.raw.GET("/environments/{envID}/images/{imageID}", { params: { path: { envID: "e" } } });
    // @ts-expect-error another API's path is not on the PingOne client
    await client.raw.GET("/inventory/binaries/{id}", { params: { path: { id: "1" } } });
    // @ts-expect-error there is no list operation
    await client.raw.GET("/environments/{envID}/images", { params: { path: { envID: "e" } } });
    // @ts-expect-error the upload body is binary, not JSON
    await client.raw.POST("/environments/{envID}/images", { params: { path: { envID: "e" } }, body: { name: "x" } });
  });
});
