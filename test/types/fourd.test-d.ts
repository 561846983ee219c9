import type { Download } from "bytewire";
import {
  createFourDClient,
  type FourDClient,
  type FourDEntity,
  type FourDEntityCollection,
  type FourDUpdatedEntity,
  fourDFilter,
} from "bytewire/fourd";
import { assertType, describe, expectTypeOf, it } from "vitest";

declare const client: FourDClient;
declare const file: File;
declare const stream: ReadableStream<Uint8Array>;

describe("createFourDClient options", () => {
  it("takes a base URL, optional credentials and the shared client options", () => {
    assertType<FourDClient>(createFourDClient({ baseUrl: "http://localhost:4010" }));
    assertType<FourDClient>(
      createFourDClient({ baseUrl: "https://4d.example", username: "admin", password: "admin", sessionLength: 90 }),
    );
    // @ts-expect-error the base URL is required
    createFourDClient({ username: "admin", password: "admin" });
    // @ts-expect-error session-4D-length is a number of minutes
    createFourDClient({ baseUrl: "https://4d.example", sessionLength: "90" });
  });
});

describe("task methods", () => {
  it("downloads resolve to a Download or null (4D's {})", () => {
    expectTypeOf(client.downloadAttribute({ dataClass: "User", key: 5, attribute: "profilePicture" })).toEqualTypeOf<
      Promise<Download | null>
    >();
    assertType(client.downloadAttribute({ dataClass: "Company", key: "IT0911AB2200", attribute: "logo" }));
    assertType(
      client.downloadAttribute({ dataClass: "User", key: 5, attribute: "p" }, { imageFormat: "png", version: 2 }),
    );
    // @ts-expect-error a format 4D does not list
    client.downloadAttribute({ dataClass: "User", key: 5, attribute: "p" }, { imageFormat: "webp" });
    // @ts-expect-error the attribute is required
    client.downloadAttribute({ dataClass: "User", key: 5 });
    // @ts-expect-error a key is a number or a string
    client.downloadAttribute({ dataClass: "User", key: true, attribute: "p" });
    expectTypeOf(
      client.downloadFromSelection({ dataClass: "User", attribute: "p", filter: fourDFilter`a = ${1}` }),
    ).toEqualTypeOf<Promise<Download | null>>();
  });

  it("uploads take any upload input", () => {
    expectTypeOf(client.upload(file)).toEqualTypeOf<Promise<string>>();
    assertType(client.upload(stream, { kind: "blob", size: 10, onUploadProgress: ({ loaded }) => loaded }));
    // @ts-expect-error kind is picture or blob
    client.upload(file, { kind: "image" });
    // @ts-expect-error not an upload input
    client.upload({ bytes: [1, 2, 3] });
    expectTypeOf(
      client.uploadToAttribute({ dataClass: "User", key: 5, attribute: "profilePicture" }, file, { stamp: 4 }),
    ).toEqualTypeOf<Promise<FourDUpdatedEntity>>();
    expectTypeOf<Awaited<ReturnType<FourDClient["uploadToAttribute"]>>["__STAMP"]>().toEqualTypeOf<number>();
  });

  it("entities are typed", async () => {
    const entity = await client.getEntity({ dataClass: "User", key: 5 });
    expectTypeOf(entity).toEqualTypeOf<FourDEntity>();
    expectTypeOf(entity.__STAMP).toEqualTypeOf<number>();
    expectTypeOf(entity.__KEY).toEqualTypeOf<string>();
    const page = await client.listEntities("User", { top: 10, orderBy: "lastName asc" });
    expectTypeOf(page).toEqualTypeOf<FourDEntityCollection>();
    expectTypeOf(page.__COUNT).toEqualTypeOf<number>();
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
