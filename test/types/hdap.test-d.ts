import * as hdapEntry from "bytewire/hdap";
import {
  type ApiError,
  createHdapClient,
  type Download,
  dnToPath,
  type ErrorKind,
  type HdapClient,
  type HdapDownloadOptions,
  type HdapEntry,
  type HdapErrorBody,
  type HdapGetOptions,
  type HdapListOptions,
  type HdapQueryResult,
  type HdapRdn,
  type HdapToken,
  type HdapUploadOptions,
  isApiError,
  isHdapErrorBody,
  type Listing,
  parseDn,
  pathToDn,
} from "bytewire/hdap";
import { assertType, describe, expectTypeOf, it } from "vitest";

declare const hdap: HdapClient;
declare const file: File;
declare const stream: ReadableStream<Uint8Array>;
const DN = "uid=bjensen,ou=People,dc=example,dc=com";

describe("createHdapClient options", () => {
  it("takes basic, bearer or password auth with a dn or a path, never both, or no auth", () => {
    const baseUrl = "https://localhost:8443";
    assertType<HdapClient>(createHdapClient({ baseUrl }));
    assertType<HdapClient>(createHdapClient({ baseUrl, auth: { type: "basic", dn: DN, password: "p" } }));
    assertType<HdapClient>(
      createHdapClient({ baseUrl, auth: { type: "basic", path: "dc=com/uid=x", password: "p" }, timeout: 1000 }),
    );
    assertType<HdapClient>(createHdapClient({ baseUrl, auth: { type: "bearer", token: async () => "jwt" } }));
    assertType<HdapClient>(
      createHdapClient({ baseUrl, auth: { type: "password", dn: parseDn(DN), password: "p", refreshMarginMs: 5000 } }),
    );
    assertType<HdapClient>(createHdapClient({ baseUrl, maxBinaryBytes: 1024 }));
    // @ts-expect-error a dn and a path together
    createHdapClient({ baseUrl, auth: { type: "basic", dn: DN, path: "dc=com/uid=x", password: "p" } });
    // @ts-expect-error Basic needs the password
    createHdapClient({ baseUrl, auth: { type: "basic", dn: DN } });
    // @ts-expect-error the account is named by dn or path
    createHdapClient({ baseUrl, auth: { type: "password", password: "p" } });
    // @ts-expect-error there is no such auth type
    createHdapClient({ baseUrl, auth: { type: "digest", dn: DN, password: "p" } });
    // @ts-expect-error the baseUrl is required
    createHdapClient({ auth: { type: "bearer", token: "jwt" } });
  });
});

describe("DN helpers", () => {
  it("convert between strings and RDNs", () => {
    expectTypeOf(dnToPath).parameter(0).toEqualTypeOf<string | readonly HdapRdn[]>();
    expectTypeOf(dnToPath(DN)).toEqualTypeOf<string>();
    expectTypeOf(pathToDn("dc=com")).toEqualTypeOf<string>();
    expectTypeOf(parseDn(DN)).toEqualTypeOf<HdapRdn[]>();
    expectTypeOf<HdapRdn["type"]>().toEqualTypeOf<string>();
    // @ts-expect-error an RDN has a type and a value
    dnToPath([{ type: "cn" }]);
    // @ts-expect-error values are strings
    dnToPath([{ type: "uidNumber", value: 1000 }]);
  });
});

describe("task methods", () => {
  it("get, create, update, patch and delete take entry references; delete resolves void", () => {
    expectTypeOf(hdap.get(DN)).toEqualTypeOf<Promise<HdapEntry>>();
    assertType<Promise<HdapEntry>>(hdap.get({ path: "dc=com/uid=x" }, { fields: ["cn", "photo"], signal: undefined }));
    assertType<Promise<HdapEntry>>(hdap.get(parseDn(DN), { timeout: 100, transactionId: "t-1" }));
    expectTypeOf<HdapEntry["_id"]>().toEqualTypeOf<string>();
    expectTypeOf<HdapEntry["photo"]>().toEqualTypeOf<string[] | undefined>();
    assertType<Promise<HdapEntry>>(hdap.create("ou=People,dc=example,dc=com", { uid: "x", cn: ["X"], sn: "Y" }));
    assertType<Promise<HdapEntry>>(hdap.update(DN, { telephoneNumber: "+1 408 555 1212" }, { ifMatch: "rev" }));
    assertType<Promise<HdapEntry>>(
      hdap.patch(DN, [
        { operation: "add", field: "/mail", value: "b@example.com" },
        { operation: "remove", field: "description" },
        { operation: "increment", field: "/uidNumber", value: 1 },
      ]),
    );
    expectTypeOf(hdap.delete(DN, { subtreeDelete: true, ifMatch: "*" })).toEqualTypeOf<Promise<void>>();
    assertType<HdapGetOptions>({ fields: ["cn"], transactionId: "t", headers: { "X-Trace": "1" } });
    // @ts-expect-error an entry reference is a DN, RDNs or { path }
    hdap.get(42);
    // @ts-expect-error fields are a list of names
    hdap.get(DN, { fields: "cn,mail" });
    // @ts-expect-error photo is base64 text, not a number
    hdap.update(DN, { photo: 42 });
    // @ts-expect-error cn holds strings
    hdap.create(DN, { cn: [1] });
    // @ts-expect-error HDAP has no copy operation
    hdap.patch(DN, [{ operation: "copy", field: "/cn", value: "x" }]);
    // @ts-expect-error increment takes a number
    hdap.patch(DN, [{ operation: "increment", field: "/uidNumber", value: "1" }]);
    // @ts-expect-error If-Match is a revision string
    hdap.delete(DN, { ifMatch: 3 });
  });

  it("list returns a Listing of entries whose pages are the query envelopes", async () => {
    const listing = hdap.list("ou=People,dc=example,dc=com", { filter: "true", scope: "sub", pageSize: 10 });
    expectTypeOf(listing).toEqualTypeOf<Listing<HdapEntry, HdapQueryResult>>();
    for await (const entry of listing) {
      expectTypeOf(entry).toEqualTypeOf<HdapEntry>();
    }
    for await (const page of listing.pages()) {
      expectTypeOf(page).toEqualTypeOf<HdapQueryResult>();
      expectTypeOf(page.result).toEqualTypeOf<HdapEntry[]>();
      expectTypeOf(page.pagedResultsCookie).toEqualTypeOf<string | null>();
    }
    assertType<HdapListOptions>({ pagedResultsCookie: "AAA=", sortKeys: ["-sn"], totalPagedResultsPolicy: "EXACT" });
    // @ts-expect-error a listing is not a promise of a page
    (await hdap.list(DN)).result;
    // @ts-expect-error no such scope
    hdap.list(DN, { scope: "deep" });
    // @ts-expect-error no such count policy
    hdap.list(DN, { totalPagedResultsPolicy: "ALL" });
    // @ts-expect-error sort keys are a list
    hdap.list(DN, { sortKeys: "sn" });
  });

  it("authenticate returns expiresIn as a number", () => {
    expectTypeOf(hdap.authenticate(DN, "pw")).toEqualTypeOf<Promise<HdapToken>>();
    expectTypeOf<HdapToken["expiresIn"]>().toEqualTypeOf<number>();
    // @ts-expect-error the password is a string
    hdap.authenticate(DN, { password: "pw" });
  });

  it("binary methods take any upload input and return Downloads", () => {
    expectTypeOf(hdap.download(DN, "photo")).toEqualTypeOf<Promise<Download | undefined>>();
    expectTypeOf(hdap.downloadAll(DN, "userCertificate")).toEqualTypeOf<Promise<Download[]>>();
    assertType<HdapDownloadOptions>({ index: 1, signal: AbortSignal.timeout(1000) });
    assertType<Promise<HdapEntry>>(hdap.upload(DN, "photo", file, { ifMatch: "rev", maxBytes: 1024 }));
    assertType<Promise<HdapEntry>>(
      hdap.upload(DN, "jpegPhoto", stream, { append: true, onUploadProgress: ({ loaded }) => loaded }),
    );
    assertType<Promise<HdapEntry>>(hdap.upload(DN, "photo", new Uint8Array(3)));
    assertType<HdapUploadOptions>({ fields: ["_id"], timeout: 5000 });
    // @ts-expect-error numbers are not an upload
    hdap.upload(DN, "photo", 42);
    // @ts-expect-error the index is a number
    hdap.download(DN, "photo", { index: "0" });
    // @ts-expect-error the attribute is named
    hdap.download(DN);
  });

  it("the old method names are gone", () => {
    // @ts-expect-error read is now get
    hdap.read(DN);
    // @ts-expect-error query is now list
    hdap.query(DN);
    // @ts-expect-error readBinary is now download
    hdap.readBinary(DN, "photo");
    // @ts-expect-error readBinaryValues is now downloadAll
    hdap.readBinaryValues(DN, "photo");
    // @ts-expect-error writeBinary is now upload
    hdap.writeBinary(DN, "photo", file);
  });

  it("the internals that were exported are not any more", () => {
    // @ts-expect-error internal: dnToPath / pathToDn are the public forms
    hdapEntry.pathToRdns;
    // @ts-expect-error internal
    hdapEntry.rdnsToPath;
    // @ts-expect-error internal: the client installs it on raw
    hdapEntry.hdapPathSerializer;
    // @ts-expect-error internal
    hdapEntry.describeHdapError;
    // @ts-expect-error internal
    hdapEntry.HDAP_REQUEST_ID_HEADERS;
    expectTypeOf(hdapEntry.DEFAULT_MAX_BINARY_BYTES).toEqualTypeOf<number>();
  });
});

describe("raw client", () => {
  it("is typed with the HDAP path only, its parameters and bodies", async () => {
    const { data } = await hdap.raw.GET("/hdap/{dnPath}", {
      params: { path: { dnPath: dnToPath(DN) }, query: { _fields: "cn", scope: "one" } },
    });
    assertType<HdapEntry | { result: HdapEntry[] } | undefined>(data);
    await hdap.raw.POST("/hdap/{dnPath}", {
      params: { path: { dnPath: "dc=com" }, query: { _action: "authenticate" } },
      body: { password: "pw" },
    });
    // @ts-expect-error dnPath is required
    await hdap.raw.GET("/hdap/{dnPath}", { params: { path: {} } });
    // @ts-expect-error not an HDAP path
    await hdap.raw.GET("/inventory/binaries", {});
    await hdap.raw.POST("/hdap/{dnPath}", {
      params: {
        path: { dnPath: "dc=com" },
        // @ts-expect-error no such action
        query: { _action: "explode" },
      },
      body: {},
    });
  });
});

describe("errors", () => {
  it("narrow the error body to HDAP's Common REST shape", () => {
    const error: unknown = new Error("x");
    if (isApiError(error) && isHdapErrorBody(error.body)) {
      expectTypeOf(error).toEqualTypeOf<ApiError>();
      expectTypeOf(error.body).toEqualTypeOf<HdapErrorBody>();
      expectTypeOf(error.body.code).toEqualTypeOf<number>();
      expectTypeOf(error.code).toEqualTypeOf<string | number | undefined>();
      expectTypeOf(error.kind).toEqualTypeOf<ErrorKind>();
    }
  });
});
