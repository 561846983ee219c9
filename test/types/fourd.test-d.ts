import type { Download } from "bytewire";
import * as fourdEntry from "bytewire/fourd";
import {
  type CallOptions,
  createFourDClient,
  type ErrorKind,
  type FourDClient,
  type FourDDownloadOptions,
  type FourDEntity,
  type FourDEntityCollection,
  type FourDGetOptions,
  type FourDListOptions,
  type FourDUpdatedEntity,
  type FourDUploadFileOptions,
  type FourDUploadOptions,
  fourDFilter,
  isApiError,
  type Listing,
} from "bytewire/fourd";
import { assertType, describe, expectTypeOf, it } from "vitest";

declare const client: FourDClient;
declare const file: File;
declare const stream: ReadableStream<Uint8Array>;

describe("createFourDClient options", () => {
  it("takes a base URL, an optional session auth and the shared client options", () => {
    assertType<FourDClient>(createFourDClient({ baseUrl: "http://localhost:4010" }));
    assertType<FourDClient>(
      createFourDClient({
        baseUrl: "https://4d.example",
        auth: { type: "session", user: "admin", password: "admin", sessionLength: 90 },
        timeout: 5000,
      }),
    );
    // @ts-expect-error the base URL is required
    createFourDClient({ auth: { type: "session", user: "admin", password: "admin" } });
    createFourDClient({
      baseUrl: "https://4d.example",
      // @ts-expect-error session-4D-length is a number of minutes
      auth: { type: "session", user: "a", password: "b", sessionLength: "90" },
    });
    // @ts-expect-error a session needs the password
    createFourDClient({ baseUrl: "https://4d.example", auth: { type: "session", user: "admin" } });
    // @ts-expect-error 4D has no bearer auth
    createFourDClient({ baseUrl: "https://4d.example", auth: { type: "bearer", token: "t" } });
    // @ts-expect-error credentials now go in auth
    createFourDClient({ baseUrl: "https://4d.example", username: "admin", password: "admin" });
  });
});

describe("task methods", () => {
  it("downloads resolve to a Download or undefined (4D's {})", () => {
    expectTypeOf(client.download({ dataClass: "User", key: 5, attribute: "profilePicture" })).toEqualTypeOf<
      Promise<Download | undefined>
    >();
    assertType(client.download({ dataClass: "Company", key: "IT0911AB2200", attribute: "logo" }));
    assertType(client.download({ dataClass: "User", key: 5, attribute: "p" }, { imageFormat: "png", version: 2 }));
    assertType<FourDDownloadOptions>({ onDownloadProgress: ({ loaded, total }) => loaded + (total ?? 0) });
    // @ts-expect-error a format 4D does not list
    client.download({ dataClass: "User", key: 5, attribute: "p" }, { imageFormat: "webp" });
    // @ts-expect-error the attribute is required
    client.download({ dataClass: "User", key: 5 });
    // @ts-expect-error a key is a number or a string
    client.download({ dataClass: "User", key: true, attribute: "p" });
    expectTypeOf(
      client.downloadFirst({ dataClass: "User", attribute: "p", filter: fourDFilter`a = ${1}`, orderBy: "a asc" }),
    ).toEqualTypeOf<Promise<Download | undefined>>();
  });

  it("uploadFile takes any upload input and resolves the ID; upload fills an attribute", () => {
    expectTypeOf(client.uploadFile(file)).toEqualTypeOf<Promise<string>>();
    assertType(client.uploadFile(stream, { kind: "blob", size: 10, onUploadProgress: ({ loaded }) => loaded }));
    assertType<FourDUploadFileOptions>({ contentType: "application/pdf", uploadTimeout: 300 });
    // @ts-expect-error kind is picture or blob
    client.uploadFile(file, { kind: "image" });
    // @ts-expect-error not an upload input
    client.uploadFile({ bytes: [1, 2, 3] });
    expectTypeOf(
      client.upload({ dataClass: "User", key: 5, attribute: "profilePicture" }, file, { stamp: 4 }),
    ).toEqualTypeOf<Promise<FourDUpdatedEntity>>();
    expectTypeOf<Awaited<ReturnType<FourDClient["upload"]>>["__STAMP"]>().toEqualTypeOf<number>();
    assertType<FourDUploadOptions>({ stamp: 1, kind: "picture", signal: AbortSignal.timeout(10) });
    // @ts-expect-error upload needs the attribute it fills
    client.upload(file);
    // @ts-expect-error the stamp is a number
    client.upload({ dataClass: "User", key: 5, attribute: "p" }, file, { stamp: "4" });
  });

  it("get reads an entity; list is a Listing of entities whose pages are 4D's collections", async () => {
    const entity = await client.get({ dataClass: "User", key: 5 }, { attributes: ["lastName"] });
    expectTypeOf(entity).toEqualTypeOf<FourDEntity>();
    expectTypeOf(entity.__STAMP).toEqualTypeOf<number>();
    expectTypeOf(entity.__KEY).toEqualTypeOf<string>();
    assertType<FourDGetOptions>({ attributes: ["a"], timeout: 10 });
    const listing = client.list("User", { pageSize: 10, skip: 5, orderBy: "lastName asc", attributes: ["lastName"] });
    expectTypeOf(listing).toEqualTypeOf<Listing<FourDEntity, FourDEntityCollection>>();
    for await (const user of listing) {
      expectTypeOf(user).toEqualTypeOf<FourDEntity>();
    }
    for await (const page of listing.pages()) {
      expectTypeOf(page.__COUNT).toEqualTypeOf<number>();
    }
    assertType<FourDListOptions>({ filter: fourDFilter`department = ${"HR"}`, pageSize: 2 });
    // @ts-expect-error top is now pageSize
    client.list("User", { top: 10 });
    // @ts-expect-error a listing is not a promise of a page
    (await client.list("User")).__COUNT;
  });

  it("every call takes CallOptions; login and logout too", () => {
    const options: CallOptions = { signal: AbortSignal.timeout(10), timeout: 100, headers: { "X-Trace": "1" } };
    expectTypeOf(client.login(options)).toEqualTypeOf<Promise<void>>();
    expectTypeOf(client.logout(options)).toEqualTypeOf<Promise<boolean>>();
    assertType(client.get({ dataClass: "User", key: 1 }, options));
    // @ts-expect-error headers are strings
    client.get({ dataClass: "User", key: 1 }, { headers: { "X-Count": 1 } });
  });

  it("the old method names and exports are gone", () => {
    // @ts-expect-error downloadAttribute is now download
    client.downloadAttribute({ dataClass: "User", key: 5, attribute: "p" });
    // @ts-expect-error downloadFromSelection is now downloadFirst
    client.downloadFromSelection({ dataClass: "User", attribute: "p" });
    // @ts-expect-error uploadToAttribute is now upload
    client.uploadToAttribute({ dataClass: "User", key: 5, attribute: "p" }, file);
    // @ts-expect-error getEntity is now get
    client.getEntity({ dataClass: "User", key: 5 });
    // @ts-expect-error listEntities is now list
    client.listEntities("User");
    // @ts-expect-error internal
    fourdEntry.describeFourDError;
  });

  it("errors carry a kind", () => {
    const error: unknown = new Error("x");
    if (isApiError(error)) {
      expectTypeOf(error.kind).toEqualTypeOf<ErrorKind>();
      expectTypeOf(error.status).toEqualTypeOf<number>();
    }
  });

  it("fourDFilter takes only values it can quote", () => {
    expectTypeOf(fourDFilter`a = ${"x"} AND b > ${2} AND c = ${true} AND d = ${null}`).toEqualTypeOf<string>();
    // @ts-expect-error an object is not a filter value
    fourDFilter`a = ${{ x: 1 }}`;
  });
});

describe("the raw client", () => {
  it("keeps 4D's parameter names and types", () => {
    assertType(
      client.raw.GET("/rest/{dataClass}({key})/{attribute}", {
        params: { path: { dataClass: "User", key: 5, attribute: "p" }, query: { $binary: true, $expand: "p" } },
      }),
    );
    client.raw.GET("/rest/{dataClass}({key})/{attribute}", {
      // @ts-expect-error $binary is a boolean
      params: { path: { dataClass: "User", key: 5, attribute: "p" }, query: { $binary: "yes" } },
    });
    // @ts-expect-error $upload takes POST only
    client.raw.GET("/rest/$upload");
    // @ts-expect-error session-4D-length is a number
    client.raw.POST("/rest/$directory/login", { params: { header: { "session-4D-length": "60" } } });
  });
});
