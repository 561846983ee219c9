import { type OperationEntry, pointerSegment, resolveRef } from "bytewire/mocks";
import { describe, expect, it } from "vitest";
import { document, exampleBytes, router, validator } from "../support/document.ts";

// Seed 002 (Cumulocity's old reference guide, "Binaries"): list, upload, download, replace and delete. The bodies
// are copied from the seed with its `...` and `<<...>>` placeholders filled with plausible values of tenant t100;
// the legacy `_attachments` maps are kept as the seed shows them.
const VENDOR_COLLECTION = "application/vnd.com.nsn.cumulocity.managedobjectcollection+json";
const VENDOR_OBJECT = "application/vnd.com.nsn.cumulocity.managedobject+json";
const BASIC = `Basic ${Buffer.from("t100/admin:admin").toString("base64")}`;
const SEED_COLLECTION = {
  self: "https://t100.cumulocity.com/inventory/binaries?pageSize=5&currentPage=1",
  next: "https://t100.cumulocity.com/inventory/binaries?pageSize=5&currentPage=2",
  prev: "https://t100.cumulocity.com/inventory/binaries?pageSize=5&currentPage=1",
  managedObjects: [
    {
      self: "https://t100.cumulocity.com/inventory/binaries/1",
      id: "1",
      name: "my_picture.png",
      type: "image/png",
      contentType: "image/png",
      length: 211952,
      owner: "admin",
      lastUpdated: "2024-03-18T09:30:12.345Z",
      c8y_IsBinary: {},
      _attachments: {
        "my_picture.png": {
          stub: true,
          length: 211952,
          digest: "md5-xyz==",
          revpos: 2,
          content_type: "image/png",
        },
      },
    },
    {
      self: "https://t100.cumulocity.com/inventory/binaries/2",
      id: "2",
      name: "my_compressed_file.zip",
      type: "application/zip",
      contentType: "application/zip",
      length: 21152,
      owner: "admin",
      lastUpdated: "2024-03-18T09:31:40.007Z",
      c8y_IsBinary: {},
      _attachments: {
        "my_compressed_file.zip": {
          stub: true,
          length: 21152,
          digest: "md5-xyz==",
          revpos: 2,
          content_type: "application/zip",
        },
      },
    },
  ],
  statistics: { currentPage: 1, pageSize: 5, totalPages: 1 },
};
// The multipart parts as the mock's validator sees them: `object` JSON-parsed, `filesize` a number, `file` a Blob.
const SEED_UPLOAD = {
  object: { name: "my-file.pdf", type: "application/pdf" },
  filesize: 217152,
  file: new Blob(["%PDF-1.4\n"], { type: "application/pdf" }),
};
const SEED_UPLOAD_CONTENT_TYPE = "multipart/form-data; boundary=--myBoundary";
const SEED_CREATED = {
  self: "https://t100.cumulocity.com/inventory/binaries/3",
  id: "3",
  name: "my-file.pdf",
  type: "application/pdf",
  contentType: "application/pdf",
  length: 217152,
  owner: "admin",
  creationTime: "2024-03-18T10:02:55.120Z",
  lastUpdated: "2024-03-18T10:02:55.120Z",
  c8y_IsBinary: {},
};
const REPLACED = { ...SEED_CREATED, length: 230411, lastUpdated: "2024-03-18T11:15:03.482Z" };
const PNG_SIGNATURE = exampleBytes("\x89PNG\r\n\x1A\n");

// The parts of response and request body objects these tests read.
type ResponseHeaders = { headers?: Record<string, unknown> };
type MultipartBody = { content: Record<string, { encoding?: Record<string, { contentType?: string }> }> };

function operationAt(method: string, path: string) {
  const match = router.match(method, path);
  if (match.kind !== "operation") {
    throw new Error(`${method} ${path} does not route: ${match.kind}`);
  }
  return match;
}

function noParameters(entry: OperationEntry, path: Record<string, string> = {}, query = "", headers = {}) {
  return validator.validateParameters(entry, {
    path,
    query: new URLSearchParams(query),
    headers: new Headers({ Authorization: BASIC, ...headers }),
  });
}

// The JSON pointer of a response header's schema, through the `$ref`s of the response and the header.
function headerSchema(entry: OperationEntry, status: string, name: string): string {
  const declared = entry.operation.responses[status];
  if (!declared) {
    throw new Error(`${entry.operation.operationId} declares no ${status}`);
  }
  const responsePointer = "$ref" in declared ? declared.$ref : `${entry.pointer}/responses/${status}`;
  const header = resolveRef<ResponseHeaders>(document, declared).headers?.[name];
  if (!header) {
    throw new Error(`${entry.operation.operationId} ${status} declares no ${name} header`);
  }
  const headerRef = (header as { $ref?: string }).$ref;
  return `${headerRef ?? `${responsePointer}/headers/${pointerSegment(name)}`}/schema`;
}

describe("seed 002: GET a binaries collection", () => {
  const list = () => operationAt("GET", "/inventory/binaries");

  it("does not route the seed's request as written, POST /invenotry/binaries (typo and wrong method)", () => {
    expect(router.match("POST", "/invenotry/binaries").kind).toBe("no-path");
    expect(router.match("GET", "/invenotry/binaries").kind).toBe("no-path");
  });

  it("routes the corrected GET /inventory/binaries to cumulocityListBinaries; POST there is the upload", () => {
    expect(list().entry.operation.operationId).toBe("cumulocityListBinaries");
    expect(operationAt("POST", "/inventory/binaries").entry.operation.operationId).toBe("cumulocityUploadBinary");
  });

  it("accepts the seed's bare request and the paging of its answer as query parameters", () => {
    const { entry } = list();
    expect(noParameters(entry)).toEqual([]);
    expect(noParameters(entry, {}, "currentPage=1&pageSize=5&withTotalPages=true&withTotalElements=true")).toEqual([]);
  });

  it("accepts ids comma-joined (the document's form) and repeated (openapi-fetch's default)", () => {
    const { entry } = list();
    expect(noParameters(entry, {}, "ids=1,2")).toEqual([]);
    expect(noParameters(entry, {}, "ids=1&ids=2")).toEqual([]);
    expect(noParameters(entry, {}, "ids=1,,2")).not.toEqual([]);
  });

  it("accepts a pageSize above 2000 (the server trims it) and rejects one below 1", () => {
    const { entry } = list();
    expect(noParameters(entry, {}, "pageSize=5000")).toEqual([]);
    expect(noParameters(entry, {}, "pageSize=0")).not.toEqual([]);
    expect(noParameters(entry, {}, "currentPage=0")).not.toEqual([]);
    expect(noParameters(entry, {}, "withTotalPages=yes")).not.toEqual([]);
  });

  it("validates the seed's answer, _attachments included, under the vendor type and application/json", () => {
    const { entry } = list();
    expect(validator.validateResponse(entry, 200, VENDOR_COLLECTION, SEED_COLLECTION)).toEqual([]);
    expect(validator.validateResponse(entry, 200, "application/json", SEED_COLLECTION)).toEqual([]);
    // The old guide's camelCase spelling with a version: media types are case-insensitive.
    const camelCase = "application/vnd.com.nsn.cumulocity.managedObjectCollection+json;ver=0.9";
    expect(validator.validateResponse(entry, 200, camelCase, SEED_COLLECTION)).toEqual([]);
  });

  it("does not declare the seed's answer type applicationCollection+json, which does not exist", () => {
    const seedType = "application/vnd.com.nsn.cumulocity.applicationCollection+json;ver=0.9";
    const issues = validator.validateResponse(list().entry, 200, seedType, SEED_COLLECTION);
    expect(issues.map((issue) => issue.at)).toEqual(["header.Content-Type"]);
  });

  it("would catch a wrong answer: a length as a string, a page without statistics, an unknown pageSize", () => {
    const { entry } = list();
    const wrongLength = structuredClone(SEED_COLLECTION);
    (wrongLength.managedObjects[0] as { length: unknown }).length = "211952";
    expect(validator.validateResponse(entry, 200, VENDOR_COLLECTION, wrongLength)).not.toEqual([]);
    const { statistics: _, ...withoutStatistics } = SEED_COLLECTION;
    expect(validator.validateResponse(entry, 200, VENDOR_COLLECTION, withoutStatistics)).not.toEqual([]);
    const untrimmed = { ...SEED_COLLECTION, statistics: { currentPage: 1, pageSize: 5000 } };
    expect(validator.validateResponse(entry, 200, VENDOR_COLLECTION, untrimmed)).not.toEqual([]);
  });
});

describe("seed 002: POST - upload a new binary", () => {
  const upload = () => operationAt("POST", "/inventory/binaries");

  it("does not route the seed's path as written, /invenotry/binaries", () => {
    expect(router.match("POST", "/invenotry/binaries").kind).toBe("no-path");
    expect(upload().entry.operation.operationId).toBe("cumulocityUploadBinary");
  });

  it("accepts the seed's three parts object, filesize and file", () => {
    expect(validator.validateRequestBody(upload().entry, SEED_UPLOAD_CONTENT_TYPE, SEED_UPLOAD)).toEqual([]);
  });

  it("accepts the two parts current clients send, and custom fragments in object", () => {
    const { filesize: _, ...current } = SEED_UPLOAD;
    expect(validator.validateRequestBody(upload().entry, SEED_UPLOAD_CONTENT_TYPE, current)).toEqual([]);
    const withFragment = { ...current, object: { ...current.object, c8y_Kind: { purpose: "contract" } } };
    expect(validator.validateRequestBody(upload().entry, SEED_UPLOAD_CONTENT_TYPE, withFragment)).toEqual([]);
  });

  it("rejects a body without file, an object without type, a filesize that is not a number, and JSON", () => {
    const { entry } = upload();
    const { file: _, ...withoutFile } = SEED_UPLOAD;
    expect(validator.validateRequestBody(entry, SEED_UPLOAD_CONTENT_TYPE, withoutFile)).not.toEqual([]);
    const withoutType = { ...SEED_UPLOAD, object: { name: "my-file.pdf" } };
    expect(validator.validateRequestBody(entry, SEED_UPLOAD_CONTENT_TYPE, withoutType)).not.toEqual([]);
    const textSize = { ...SEED_UPLOAD, filesize: "217152 bytes" };
    expect(validator.validateRequestBody(entry, SEED_UPLOAD_CONTENT_TYPE, textSize)).not.toEqual([]);
    const asJson = validator.validateRequestBody(entry, "application/json", SEED_UPLOAD.object);
    expect(asJson.map((issue) => issue.at)).toEqual(["header.Content-Type"]);
  });

  it("declares the part types: object as JSON, file as any type", () => {
    const requestBody = resolveRef<MultipartBody>(document, upload().entry.operation.requestBody ?? { $ref: "" });
    expect(requestBody.content["multipart/form-data"]?.encoding).toMatchObject({
      object: { contentType: "application/json" },
      file: { contentType: "*/*" },
    });
  });

  it("validates the seed's 201 answer under the vendor type (camelCase, with ver) and application/json", () => {
    const { entry } = upload();
    expect(validator.validateResponse(entry, 201, VENDOR_OBJECT, SEED_CREATED)).toEqual([]);
    const camelCase = "application/vnd.com.nsn.cumulocity.managedObject+json;ver=0.9";
    expect(validator.validateResponse(entry, 201, camelCase, SEED_CREATED)).toEqual([]);
    expect(validator.validateResponse(entry, 201, "application/json", SEED_CREATED)).toEqual([]);
    const { c8y_IsBinary: _, ...unmarked } = SEED_CREATED;
    expect(validator.validateResponse(entry, 201, VENDOR_OBJECT, unmarked)).not.toEqual([]);
  });

  it("declares the seed's Location header as a URL, which its <<URL of new managed object>> placeholder is not", () => {
    const pointer = headerSchema(upload().entry, "201", "Location");
    expect(validator.validateAt(pointer, SEED_CREATED.self)).toEqual([]);
    expect(validator.validateAt(pointer, "<<URL of new managed object>>")).not.toEqual([]);
  });

  it("lets the reader's 403 and an oversized file's 413 carry Cumulocity's error body", () => {
    const { entry } = upload();
    const forbidden = {
      error: "security/Forbidden",
      message: "Access is denied",
      info: "https://www.cumulocity.com/guides/reference-guide/#error_reporting",
    };
    expect(validator.validateResponse(entry, 403, "application/vnd.com.nsn.cumulocity.error+json", forbidden)).toEqual(
      [],
    );
    expect(validator.validateResponse(entry, 413, "application/json", forbidden)).toEqual([]);
    expect(validator.validateResponse(entry, 403, "application/json", { message: "Access is denied" })).not.toEqual([]);
  });
});

describe("seed 002: GET - download a binary", () => {
  const download = () => operationAt("GET", "/inventory/binaries/1");

  it("routes GET /inventory/binaries/1 to cumulocityDownloadBinary", () => {
    expect(download().entry.operation.operationId).toBe("cumulocityDownloadBinary");
    expect(download().params).toEqual({ id: "1" });
    expect(noParameters(download().entry, download().params)).toEqual([]);
  });

  it("answers 200 with the bytes under the binary's own type (the seed: depending on binary mime type)", () => {
    const { entry } = download();
    expect(validator.validateResponse(entry, 200, "image/png", PNG_SIGNATURE)).toEqual([]);
    expect(validator.validateResponse(entry, 200, "application/octet-stream", PNG_SIGNATURE)).toEqual([]);
  });

  it("declares the seed's Content-Disposition and Content-Length headers", () => {
    const { entry } = download();
    const disposition = headerSchema(entry, "200", "Content-Disposition");
    expect(validator.validateAt(disposition, 'attachment; filename="myfile.ext"')).toEqual([]);
    expect(validator.validateAt(headerSchema(entry, "200", "Content-Length"), 176)).toEqual([]);
    expect(validator.validateAt(headerSchema(entry, "200", "Content-Length"), -1)).not.toEqual([]);
  });

  it("accepts a Range header and answers 206 with Content-Range, or 416 with the size", () => {
    const { entry, params } = download();
    expect(noParameters(entry, params, "", { Range: "bytes=0-63" })).toEqual([]);
    expect(validator.validateResponse(entry, 206, "image/png", PNG_SIGNATURE)).toEqual([]);
    const contentRange = headerSchema(entry, "206", "Content-Range");
    expect(validator.validateAt(contentRange, "bytes 0-63/176")).toEqual([]);
    expect(validator.validateAt(contentRange, "bytes */176")).not.toEqual([]);
    const unsatisfiable = headerSchema(entry, "416", "Content-Range");
    expect(validator.validateAt(unsatisfiable, "bytes */176")).toEqual([]);
    expect(validator.validateAt(unsatisfiable, "bytes 0-63/176")).not.toEqual([]);
  });

  it("answers 404 for an unknown ID with the spelling real servers use", () => {
    const notFound = {
      error: "inventory/Not Found",
      message: "Finding device data from database failed : No managedObject for id '99'!",
      info: "https://www.cumulocity.com/guides/reference-guide/#error_reporting",
    };
    const { entry } = download();
    expect(validator.validateResponse(entry, 404, "application/vnd.com.nsn.cumulocity.error+json", notFound)).toEqual(
      [],
    );
  });
});

describe("seed 002: PUT - replace a binary", () => {
  const replace = () => operationAt("PUT", "/inventory/binaries/1");

  it("routes PUT /inventory/binaries/1 to cumulocityReplaceBinary", () => {
    expect(replace().entry.operation.operationId).toBe("cumulocityReplaceBinary");
    expect(noParameters(replace().entry, replace().params)).toEqual([]);
  });

  it("takes the raw bytes under the file's own type, octet-stream, or the official spec's text/plain", () => {
    const { entry } = replace();
    for (const type of ["image/png", "application/octet-stream", "text/plain", "application/pdf"]) {
      expect(validator.validateRequestBody(entry, type, PNG_SIGNATURE), type).toEqual([]);
    }
    expect(validator.validateRequestBody(entry, "image/png", undefined)).toEqual([
      { at: "body", message: "is required" },
    ]);
  });

  it("answers 201 (the seed is silent; Cumulocity's specification says 201), never 200", () => {
    const { entry } = replace();
    expect(validator.validateResponse(entry, 201, VENDOR_OBJECT, REPLACED)).toEqual([]);
    expect(validator.validateResponse(entry, 201, "application/json", REPLACED)).toEqual([]);
    expect(validator.validateResponse(entry, 200, VENDOR_OBJECT, REPLACED).map((issue) => issue.at)).toEqual([
      "status",
    ]);
  });
});

describe("seed 002: DELETE a binary", () => {
  const remove = () => operationAt("DELETE", "/inventory/binaries/1");

  it("routes DELETE /inventory/binaries/1 to cumulocityDeleteBinary and answers 204 with no body", () => {
    const { entry, params } = remove();
    expect(entry.operation.operationId).toBe("cumulocityDeleteBinary");
    expect(noParameters(entry, params)).toEqual([]);
    expect(validator.validateResponse(entry, 204, null, undefined)).toEqual([]);
    expect(validator.validateResponse(entry, 204, "application/json", { id: "1" })).not.toEqual([]);
    expect(validator.validateResponse(entry, 200, null, undefined)).not.toEqual([]);
  });
});
