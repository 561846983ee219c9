import {
  type ApiError,
  type CallOptions,
  createPingOneClient,
  type ErrorKind,
  type PingOneCallOptions,
  type PingOneClient,
  type PingOneErrorBody,
  type PingOneImage,
  type PingOneImageFormat,
  type PingOneRegion,
  type PingOneUploadOptions,
} from "bytewire/pingone";
import { assertType, describe, expectTypeOf, it } from "vitest";

declare const client: PingOneClient;
declare const file: File;
declare const stream: ReadableStream<Uint8Array>;

describe("createPingOneClient options", () => {
  it("takes a region or a baseUrl, never both, and bearer auth whose token may be a function", () => {
    const auth = { type: "bearer", token: "t" } as const;
    assertType<PingOneClient>(createPingOneClient({ auth }));
    assertType<PingOneClient>(createPingOneClient({ auth, region: "com.au", environmentId: "e" }));
    assertType<PingOneClient>(
      createPingOneClient({ auth: { type: "bearer", token: async () => "t" }, baseUrl: "http://localhost:4010/v1" }),
    );
    assertType<PingOneClient>(
      createPingOneClient({ auth: { type: "bearer", token: () => "t" }, maxRetries: 0, timeout: 5_000 }),
    );
    assertType<PingOneClient>(createPingOneClient({ auth, maxImageBytes: 1_000_000, logger: console }));
    // @ts-expect-error a region PingOne does not have
    createPingOneClient({ auth, region: "de" });
    // @ts-expect-error region and baseUrl together
    createPingOneClient({ auth, region: "eu", baseUrl: "https://api.pingone.eu/v1" });
    // @ts-expect-error auth is required
    createPingOneClient({ region: "eu" });
    // @ts-expect-error the token goes in auth, not at the top level
    createPingOneClient({ token: "t" });
    // @ts-expect-error a token is a string or a function returning one
    createPingOneClient({ auth: { type: "bearer", token: 42 } });
    // @ts-expect-error PingOne takes a bearer token only
    createPingOneClient({ auth: { type: "basic", user: "u", password: "p" } });
    expectTypeOf<PingOneRegion>().toEqualTypeOf<"com" | "eu" | "ca" | "com.au" | "sg" | "asia">();
  });
});

describe("task methods", () => {
  it("upload takes any upload input and returns the typed Image", () => {
    expectTypeOf(client.upload(file)).toEqualTypeOf<Promise<PingOneImage>>();
    assertType<Promise<PingOneImage>>(client.upload(new Uint8Array(4), { filename: "a.png" }));
    assertType<Promise<PingOneImage>>(client.upload(stream, { size: 10, onUploadProgress: ({ loaded }) => loaded }));
    assertType<Promise<PingOneImage>>(client.upload("./logo.png", { environmentId: "e", transactionId: "x" }));
    assertType<Promise<PingOneImage>>(client.upload(file, { signal: AbortSignal.abort(), timeout: 1, headers: {} }));
    expectTypeOf(client.upload).parameter(1).toEqualTypeOf<PingOneUploadOptions | undefined>();
    expectTypeOf<PingOneUploadOptions>().toMatchTypeOf<PingOneCallOptions>();
    expectTypeOf<PingOneCallOptions>().toMatchTypeOf<CallOptions>();
    // @ts-expect-error a plain object is not an upload
    client.upload({ bytes: [1, 2, 3] });
    // @ts-expect-error the type comes from the bytes; there is no contentType option to contradict them
    client.upload(file, { contentType: "image/jpeg" });
    // @ts-expect-error the file name is a string
    client.upload(file, { filename: 1 });
    // @ts-expect-error createImage is now upload
    client.createImage(file);
  });

  it("get returns the Image with required fields; delete returns nothing", () => {
    expectTypeOf(client.get("id")).toEqualTypeOf<Promise<PingOneImage>>();
    expectTypeOf(client.delete("id")).toEqualTypeOf<Promise<void>>();
    expectTypeOf(client.get).parameter(1).toEqualTypeOf<PingOneCallOptions | undefined>();
    expectTypeOf<PingOneImage["id"]>().toEqualTypeOf<string>();
    expectTypeOf<PingOneImage["targets"]["original"]["width"]>().toEqualTypeOf<number>();
    expectTypeOf<PingOneImage["targets"]["original"]["type"]>().toEqualTypeOf<PingOneImageFormat>();
    expectTypeOf<PingOneImageFormat>().toEqualTypeOf<"png" | "jpg" | "gif">();
    // @ts-expect-error the image ID is a string
    client.get(42);
    // @ts-expect-error options are an object
    client.delete("id", "env");
    // @ts-expect-error readImage is now get
    client.readImage("id");
  });

  it("the error body type is PingOne's P1Error, and every error has a kind", () => {
    expectTypeOf<PingOneErrorBody>().toMatchTypeOf<{ id: string; code: string; message: string }>();
    expectTypeOf<ApiError["code"]>().toEqualTypeOf<string | number | undefined>();
    expectTypeOf<ApiError["kind"]>().toEqualTypeOf<ErrorKind>();
    expectTypeOf<ApiError["requestId"]>().toEqualTypeOf<string | undefined>();
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
