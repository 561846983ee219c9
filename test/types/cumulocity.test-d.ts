import {
  type ApiError,
  type CallOptions,
  type CumulocityBinary,
  type CumulocityBinaryCollection,
  type CumulocityClient,
  type CumulocityErrorBody,
  type CumulocityListQuery,
  type CumulocityPageStatistics,
  createCumulocityClient,
  type Download,
  type ErrorKind,
  isApiError,
  isCumulocityErrorBody,
  type Listing,
} from "bytewire/cumulocity";
import { assertType, describe, expectTypeOf, it } from "vitest";

declare const c8y: CumulocityClient;
declare const file: File;
declare const stream: ReadableStream<Uint8Array>;
const baseUrl = "https://t100.eu-latest.cumulocity.com";

describe("createCumulocityClient options", () => {
  it("takes basic auth with an optional tenant, bearer auth with a token or a function, or no auth", () => {
    assertType<CumulocityClient>(
      createCumulocityClient({ baseUrl, auth: { type: "basic", tenant: "t100", user: "admin", password: "p" } }),
    );
    assertType<CumulocityClient>(
      createCumulocityClient({ baseUrl, auth: { type: "basic", user: "a", password: "p" } }),
    );
    assertType<CumulocityClient>(createCumulocityClient({ baseUrl, auth: { type: "bearer", token: "t" } }));
    assertType<CumulocityClient>(
      createCumulocityClient({ baseUrl, auth: { type: "bearer", token: async () => "t" }, maxRetries: 0 }),
    );
    assertType<CumulocityClient>(createCumulocityClient({ baseUrl, timeout: 5_000 }));
    // @ts-expect-error Basic needs the password
    createCumulocityClient({ baseUrl, auth: { type: "basic", tenant: "t100", user: "admin" } });
    // @ts-expect-error a bearer login has a token, not a password
    createCumulocityClient({ baseUrl, auth: { type: "bearer", password: "p" } });
    // @ts-expect-error there is no such auth type
    createCumulocityClient({ baseUrl, auth: { type: "oauth", token: "t" } });
    // @ts-expect-error the baseUrl is required
    createCumulocityClient({ auth: { type: "bearer", token: "t" } });
  });
});

describe("list", () => {
  it("takes the document's query and per-call options, and returns a Listing of binaries and pages", () => {
    expectTypeOf(c8y.list()).toEqualTypeOf<Listing<CumulocityBinary, CumulocityBinaryCollection>>();
    assertType<Listing<CumulocityBinary, CumulocityBinaryCollection>>(
      c8y.list({ ids: ["1", "2"], pageSize: 100, currentPage: 2, withTotalPages: true, type: "image/png" }),
    );
    assertType<Listing<CumulocityBinary, CumulocityBinaryCollection>>(
      c8y.list({}, { signal: AbortSignal.timeout(1000), timeout: 5_000, headers: { "X-Trace": "t" } }),
    );
    expectTypeOf(c8y.list).parameter(1).toEqualTypeOf<CallOptions | undefined>();
    // @ts-expect-error ids is an array; the client joins it with commas
    c8y.list({ ids: "1,2" });
    // @ts-expect-error pageSize is a number
    c8y.list({ pageSize: "5" });
    // @ts-expect-error no such filter
    c8y.list({ name: "a.png" });
    // @ts-expect-error a listing is not a promise of a page: iterate it
    assertType<Promise<CumulocityBinaryCollection>>(c8y.list());
    // @ts-expect-error the listing has no separate iterate(): `for await (const b of c8y.list())`
    c8y.iterate();
    // @ts-expect-error pages() belongs to the listing: `c8y.list(q).pages()`
    c8y.pages();
    expectTypeOf<CumulocityListQuery["withTotalElements"]>().toEqualTypeOf<boolean | undefined>();
  });

  it("yields typed binaries, and pages() typed pages with statistics and optional links", async () => {
    for await (const binary of c8y.list({ type: "image/png" })) {
      expectTypeOf(binary).toEqualTypeOf<CumulocityBinary>();
      expectTypeOf(binary.length).toEqualTypeOf<number>();
      expectTypeOf(binary.id).toEqualTypeOf<string>();
      expectTypeOf(binary.c8y_IsBinary).toEqualTypeOf<Record<string, never>>();
    }
    for await (const page of c8y.list({ pageSize: 10 }).pages()) {
      expectTypeOf(page).toEqualTypeOf<CumulocityBinaryCollection>();
      expectTypeOf(page.managedObjects).toEqualTypeOf<CumulocityBinary[]>();
      expectTypeOf(page.managedObjects[0]).toEqualTypeOf<CumulocityBinary | undefined>();
      expectTypeOf(page.statistics).toEqualTypeOf<CumulocityPageStatistics>();
      expectTypeOf(page.statistics.totalPages).toEqualTypeOf<number | null | undefined>();
      expectTypeOf(page.next).toEqualTypeOf<string | undefined>();
      expectTypeOf(page.prev).toEqualTypeOf<string | undefined>();
    }
  });
});

describe("upload, download, replace, delete", () => {
  it("upload takes any upload input, an object with fragments, and resolves the binary itself", () => {
    expectTypeOf(c8y.upload(file)).toEqualTypeOf<Promise<CumulocityBinary>>();
    assertType<Promise<CumulocityBinary>>(
      c8y.upload(stream, { name: "a.bin", type: "application/octet-stream", c8y_Kind: { purpose: "x" } }, { size: 10 }),
    );
    assertType<Promise<CumulocityBinary>>(
      c8y.upload("./a.pdf", {}, { onUploadProgress: ({ loaded, total }) => [loaded, total], legacyFilesize: true }),
    );
    assertType<Promise<CumulocityBinary>>(c8y.upload(file, {}, { signal: AbortSignal.abort(), timeout: 1 }));
    // @ts-expect-error the name is a string
    c8y.upload(file, { name: 42 });
    // @ts-expect-error a plain object is not an upload input
    c8y.upload({ bytes: [1, 2, 3] });
    // @ts-expect-error the content type is a string
    c8y.upload(file, {}, { contentType: true });
  });

  it("download returns a Download and takes a start/end or a suffix range, not both", () => {
    expectTypeOf(c8y.download("1")).toEqualTypeOf<Promise<Download>>();
    assertType<Promise<Download>>(c8y.download("1", { range: { start: 0, end: 63 } }));
    assertType<Promise<Download>>(c8y.download("1", { range: { start: 64 } }));
    assertType<Promise<Download>>(c8y.download("1", { range: { suffix: 16 }, onDownloadProgress: () => undefined }));
    // @ts-expect-error a range is start/end or suffix
    c8y.download("1", { range: { start: 0, suffix: 16 } });
    // @ts-expect-error an end needs a start
    c8y.download("1", { range: { end: 10 } });
    // @ts-expect-error the id is a string
    c8y.download(1);
  });

  it("replace returns the managed object; delete returns nothing", () => {
    expectTypeOf(c8y.replace("1", file)).toEqualTypeOf<Promise<CumulocityBinary>>();
    assertType<Promise<CumulocityBinary>>(c8y.replace("1", stream, { contentType: "image/png", size: 3 }));
    expectTypeOf(c8y.delete("1")).toEqualTypeOf<Promise<void>>();
    // @ts-expect-error replace needs the new bytes
    c8y.replace("1");
  });
});

describe("raw client and errors", () => {
  it("raw is typed by the document's paths", async () => {
    const { data } = await c8y.raw.GET("/inventory/binaries", { params: { query: { ids: ["1"] } } });
    expectTypeOf(data?.managedObjects[0]?.length).toEqualTypeOf<number | undefined>();
    expectTypeOf(data?.statistics.currentPage).toEqualTypeOf<number | undefined>();
    const stored = await c8y.raw.GET("/inventory/binaries/{id}", { params: { path: { id: "1" } }, parseAs: "stream" });
    expectTypeOf(stored.data).toEqualTypeOf<ReadableStream<Uint8Array<ArrayBuffer>> | null | undefined>();
    // @ts-expect-error the download needs the id
    c8y.raw.GET("/inventory/binaries/{id}", {});
    // @ts-expect-error not a path of this API
    c8y.raw.GET("/inventory/managedObjects");
    // @ts-expect-error the upload body is { object, file }
    c8y.raw.POST("/inventory/binaries", { body: { file } });
  });

  it("errors narrow to Cumulocity's body and carry a kind", () => {
    const error: unknown = undefined;
    if (isApiError(error)) {
      expectTypeOf(error).toEqualTypeOf<ApiError>();
      expectTypeOf(error.kind).toEqualTypeOf<ErrorKind>();
      expectTypeOf(error.requestId).toEqualTypeOf<string | undefined>();
      if (isCumulocityErrorBody(error.body)) {
        expectTypeOf(error.body).toEqualTypeOf<CumulocityErrorBody>();
        expectTypeOf(error.body.error).toEqualTypeOf<string>();
      }
    }
  });
});
