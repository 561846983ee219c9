import type { Client } from "openapi-fetch";
import { Download } from "../binary/download.ts";
import { createMultipartBody, type MultipartPart } from "../binary/multipart.ts";
import { toUploadBody, type UploadBody, type UploadInput } from "../binary/upload-input.ts";
import { type ClientOptions, createApi } from "../core/client.ts";
import { InvalidInputError } from "../core/errors.ts";
import { createListing, type Listing } from "../core/listing.ts";
import type { CallOptions } from "../core/pipeline.ts";
import { type CumulocityAuth, cumulocityAuth } from "./auth.ts";
import {
  ACCEPT_COLLECTION,
  ACCEPT_FILE,
  ACCEPT_MANAGED_OBJECT,
  CUMULOCITY_REQUEST_ID_HEADERS,
  describeCumulocityError,
} from "./errors.ts";
import type {
  CumulocityBinary,
  CumulocityBinaryCollection,
  CumulocityByteRange,
  CumulocityDownloadOptions,
  CumulocityListQuery,
  CumulocityPaths,
  CumulocityReplaceOptions,
  CumulocityUploadObject,
  CumulocityUploadOptions,
} from "./types.ts";

/** Options of {@link createCumulocityClient}: where the tenant is, how to log in, and the common client options. */
export interface CumulocityClientOptions extends ClientOptions {
  /**
   * The login: `{ type: "basic", tenant, user, password }` (sent as `<tenant>/<user>`) or `{ type: "bearer", token }`.
   * Leave it out only when something else authenticates the requests (a proxy, the browser's Cumulocity session
   * cookie).
   * @default undefined (no Authorization header)
   */
  auth?: CumulocityAuth | undefined;
}

/** A Cumulocity inventory binaries client; see {@link createCumulocityClient}. */
export interface CumulocityClient {
  /** The API root the client sends to. */
  readonly baseUrl: string;
  /**
   * Lists the managed objects that describe stored files (metadata only, no bytes): `for await` yields every binary,
   * `.pages()` every page with its `statistics`, asking for page `currentPage + 1` with the same filters each time
   * (100 per page unless `pageSize` says otherwise, at most 2000). It stops after a page shorter than its
   * `statistics.pageSize` or without `next`. `ids` goes out comma-joined (`ids=1,2`), as Cumulocity reads it. A user
   * whose access comes from roles on single objects may get short pages before the end (Cumulocity documents this);
   * such a user should page with `.pages()` and `currentPage` themselves.
   *
   * @throws {ApiError} from the loop: `400` for a malformed query, `401`
   * @example
   * for await (const binary of c8y.list({ type: "image/png" })) console.log(binary.id, binary.name, binary.length);
   * for await (const page of c8y.list({ pageSize: 50, withTotalPages: true }).pages()) {
   *   console.log(page.statistics.currentPage, page.statistics.totalPages);
   * }
   */
  list(query?: CumulocityListQuery, options?: CallOptions): Listing<CumulocityBinary, CumulocityBinaryCollection>;
  /**
   * Uploads a file with the managed object that describes it, as a streamed `multipart/form-data` body (`object` as
   * JSON, then `file` with its file name and media type); the file is never read into memory. `object.name` defaults
   * to the file's name, `object.type` to its media type. Never retried: each POST creates a binary.
   *
   * @throws {InvalidInputError} `MISSING_NAME` (no name from `object`, `filename` or the input), `UNSUPPORTED_INPUT`,
   * `SIZE_MISMATCH` (a stream that differs from its declared `size`), `SIZE_UNKNOWN` (`legacyFilesize` on a stream of
   * unknown size)
   * @throws {ApiError} Cumulocity's answer otherwise: `forbidden` without an inventory create role, `invalid_request`
   * for a refused body, `too_large` when the file is too large
   * @example
   * const binary = await c8y.upload(fileInput.files[0], { c8y_Kind: { purpose: "manual" } });
   * const fromDisk = await c8y.upload("./firmware.bin", { name: "firmware-2.1.bin", type: "application/octet-stream" }, {
   *   onUploadProgress: ({ loaded, total }) => console.log(loaded, total),
   * });
   */
  upload(
    input: UploadInput,
    object?: CumulocityUploadObject,
    options?: CumulocityUploadOptions,
  ): Promise<CumulocityBinary>;
  /**
   * Downloads a file, or with `range` part of it, as a {@link Download}: read it once with `stream()`, `blob()`,
   * `arrayBuffer()`, `bytes()` or `saveTo(path)`; `filename` comes from Content-Disposition, `size` from
   * Content-Length, `range` from a 206's Content-Range. Nothing is buffered until you read.
   *
   * @throws {ApiError} `not_found` for an unknown ID, `invalid_request` (416) for a range past the end, `forbidden`
   * @throws {InvalidInputError} `INVALID_ID`, `INVALID_RANGE`
   * @example
   * const download = await c8y.download("1", { onDownloadProgress: ({ loaded, total }) => console.log(loaded, total) });
   * await download.saveTo(`./downloads/${download.filename ?? "binary"}`);
   * const rest = await c8y.download("1", { range: { start: 1024 } }); // resume after byte 1023
   */
  download(id: string, options?: CumulocityDownloadOptions): Promise<Download>;
  /**
   * Replaces a file's bytes (the managed object's `name`, `type` and fragments stay) and returns the updated managed
   * object. The body is the raw file under its real `Content-Type` (the input's type, `contentType`, else
   * `application/octet-stream`). A Blob, bytes or a file is retried after a network error or a 408/429/5xx answer
   * (PUT is idempotent); a stream is sent once.
   *
   * @throws {ApiError} `not_found`, `forbidden` without admin rights on the binary, `invalid_request` for a body its
   * Content-Type misstates
   * @throws {InvalidInputError} `INVALID_ID`, `UNSUPPORTED_INPUT`, `SIZE_MISMATCH`
   * @example
   * const updated = await c8y.replace(binary.id, newFile);
   */
  replace(id: string, input: UploadInput, options?: CumulocityReplaceOptions): Promise<CumulocityBinary>;
  /**
   * Deletes a file and the managed object that describes it.
   *
   * @throws {ApiError} `not_found` when there is no such binary, `forbidden` without admin rights on it
   * @throws {InvalidInputError} `INVALID_ID`
   * @example
   * await c8y.delete(binary.id);
   */
  delete(id: string, options?: CallOptions): Promise<void>;
  /**
   * The typed openapi-fetch client on the same pipeline (auth, retries, redirects, errors), for what the methods do
   * not cover. `ids` is comma-joined; an upload's typed `{ object, file }` body is sent as multipart; other bodies pass
   * through untouched, so a raw `PUT` must set its `Content-Type` and a download must pass `parseAs: "stream"`.
   */
  readonly raw: Client<CumulocityPaths>;
}

/** Page size of a listing whose query sets none: the server's own default of 5 would cost a request per 5 binaries. */
const LIST_PAGE_SIZE = 100;

/**
 * Creates a client for Cumulocity's inventory binaries: paged listing, streamed multipart upload, ranged download,
 * raw replacement and delete, with Basic (`<tenant>/<user>`) or bearer auth.
 *
 * @throws {TypeError} for a malformed `baseUrl` or `auth` (never quoting the password or token)
 * @example
 * const c8y = createCumulocityClient({
 *   baseUrl: "https://t100.eu-latest.cumulocity.com",
 *   auth: { type: "basic", tenant: "t100", user: "admin", password: process.env.C8Y_PASSWORD ?? "" },
 * });
 * const binary = await c8y.upload("./my-file.pdf", { name: "my-file.pdf", type: "application/pdf" });
 * const bytes = await (await c8y.download(binary.id)).bytes();
 */
export function createCumulocityClient(options: CumulocityClientOptions): CumulocityClient {
  const { auth, ...clientOptions } = options;
  const api = createApi<CumulocityPaths>(
    {
      name: "cumulocity",
      auth: auth === undefined ? undefined : ({ redactor }) => cumulocityAuth(auth, redactor),
      querySerializer: { array: { style: "form", explode: false } },
      bodySerializer: serializeRawBody,
      requestIdHeaders: CUMULOCITY_REQUEST_ID_HEADERS,
      describeError: describeCumulocityError,
    },
    clientOptions,
  );

  async function listPage(query: CumulocityListQuery, callOptions: CallOptions | undefined) {
    const { data } = await api.call({ options: callOptions, headers: { Accept: ACCEPT_COLLECTION } }, (init) =>
      api.raw.GET("/inventory/binaries", { params: { query }, ...init }),
    );
    return data;
  }

  return {
    baseUrl: api.baseUrl,
    raw: api.raw,

    list(query = {}, callOptions) {
      const pageSize = query.pageSize ?? LIST_PAGE_SIZE;
      return createListing(query.currentPage ?? 1, async (currentPage: number) => {
        const page = await listPage({ ...query, pageSize, currentPage }, callOptions);
        if (page.statistics.currentPage !== undefined && page.statistics.currentPage !== currentPage) {
          // A server (or proxy) that ignores `currentPage` answers the same page again: end rather than loop.
          return { page, items: [], next: undefined };
        }
        const items = page.managedObjects;
        // Cumulocity sends `next` even on the last full page; a short page is the last one.
        const last = items.length < page.statistics.pageSize || page.next === undefined;
        return { page, items, next: last ? undefined : currentPage + 1 };
      });
    },

    async upload(input, object = {}, callOptions = {}) {
      const { data } = await api.call(
        {
          options: callOptions,
          headers: { Accept: ACCEPT_MANAGED_OBJECT },
          body: async () => {
            const upload = await toUploadBody(input, {
              type: callOptions.contentType,
              size: callOptions.size,
              signal: callOptions.signal,
            });
            const multipart = createMultipartBody(multipartParts(upload, object, callOptions));
            return {
              body: multipart.body,
              size: multipart.size,
              type: multipart.contentType,
              replayable: multipart.body instanceof Blob,
              open: multipart.open,
            };
          },
          onUploadProgress: callOptions.onUploadProgress,
        },
        (init) => api.raw.POST("/inventory/binaries", { ...init }),
      );
      return data;
    },

    async download(id, callOptions = {}) {
      const range = callOptions.range === undefined ? {} : { Range: rangeHeader(callOptions.range) };
      const { response } = await api.call(
        { options: callOptions, headers: { Accept: ACCEPT_FILE, ...range }, expect: "stream" },
        (init) =>
          api.raw.GET("/inventory/binaries/{id}", {
            params: { path: { id: binaryId(id) } },
            parseAs: "stream",
            ...init,
          }),
      );
      return new Download(response, { onProgress: callOptions.onDownloadProgress });
    },

    async replace(id, input, callOptions = {}) {
      const path = { id: binaryId(id) };
      const { data } = await api.call(
        {
          options: callOptions,
          headers: { Accept: ACCEPT_MANAGED_OBJECT },
          body: async () => {
            const upload = await toUploadBody(input, {
              type: callOptions.contentType,
              size: callOptions.size,
              signal: callOptions.signal,
            });
            // go-c8y sends application/octet-stream for a replacement whose type it does not know; the server refuses
            // a body whose Content-Type misstates it (go-c8y-cli #592), and octet-stream claims nothing.
            return { ...upload, type: upload.type ?? "application/octet-stream" };
          },
          onUploadProgress: callOptions.onUploadProgress,
        },
        (init) => api.raw.PUT("/inventory/binaries/{id}", { params: { path }, ...init }),
      );
      return data;
    },

    async delete(id, callOptions) {
      await api.call({ options: callOptions, expect: "none" }, (init) =>
        api.raw.DELETE("/inventory/binaries/{id}", { params: { path: { id: binaryId(id) } }, ...init }),
      );
    },
  };
}

/**
 * Refuses an ID that is not a non-empty string: an empty one would address the collection, so a `delete("")` must
 * never leave the process.
 */
function binaryId(id: string): string {
  if (typeof id !== "string" || id === "") {
    throw new InvalidInputError("INVALID_ID", "A binary ID must be a non-empty string (the managed object's `id`).");
  }
  return id;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

/**
 * The parts of an upload: `object` (JSON, with `name` and `type` filled in), the legacy `filesize` when asked for,
 * then `file` with its file name and media type.
 */
function multipartParts(
  upload: UploadBody,
  object: CumulocityUploadObject,
  options: CumulocityUploadOptions,
): MultipartPart[] {
  const name = nonEmpty(object.name) ?? nonEmpty(options.filename) ?? upload.name;
  if (name === undefined) {
    throw new InvalidInputError(
      "MISSING_NAME",
      "A Cumulocity binary needs a name: pass `object.name` or `filename`, or upload a File or a file path.",
    );
  }
  const fileType = nonEmpty(options.contentType) ?? upload.type ?? nonEmpty(object.type) ?? "application/octet-stream";
  const filename = nonEmpty(options.filename) ?? name;
  const parts: MultipartPart[] = [
    {
      name: "object",
      value: JSON.stringify({ ...object, name, type: nonEmpty(object.type) ?? fileType }),
      contentType: "application/json",
    },
  ];
  if (options.legacyFilesize === true) {
    if (upload.size === undefined) {
      throw new InvalidInputError(
        "SIZE_UNKNOWN",
        "legacyFilesize needs the file's size: upload a Blob, bytes or a file, or pass `size` for a stream.",
      );
    }
    parts.push({ name: "filesize", value: String(upload.size) });
  }
  parts.push({
    name: "file",
    value: { body: upload.body, size: upload.size, type: fileType, name: filename, open: upload.open },
    filename,
    contentType: fileType,
  });
  return parts;
}

function isPosition(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/**
 * The `Range` header value of a byte range (RFC 9110 §14.1.2): `bytes=<start>-<end>`, `bytes=<start>-` or
 * `bytes=-<suffix>`.
 *
 * @throws {InvalidInputError} `INVALID_RANGE` for positions that are not non-negative integers, an `end` before
 * `start`, or a `suffix` below 1
 */
function rangeHeader(range: CumulocityByteRange): string {
  if (range.suffix !== undefined) {
    if (!isPosition(range.suffix) || range.suffix === 0) {
      throw new InvalidInputError(
        "INVALID_RANGE",
        "A suffix range needs a positive integer `suffix` (bytes from the end).",
      );
    }
    return `bytes=-${range.suffix}`;
  }
  if (!isPosition(range.start)) {
    throw new InvalidInputError("INVALID_RANGE", "A byte range needs `start`, a non-negative integer, or `suffix`.");
  }
  if (range.end === undefined) {
    return `bytes=${range.start}-`;
  }
  if (!isPosition(range.end) || range.end < range.start) {
    throw new InvalidInputError(
      "INVALID_RANGE",
      `A byte range's \`end\` must be an integer at or after \`start\` (${range.start}); it is inclusive.`,
    );
  }
  return `bytes=${range.start}-${range.end}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The body serializer of the raw client, for the two bodies this API has: an upload's typed `{ object, filesize?,
 * file }` becomes `FormData` (fetch adds the boundary; `object` goes as JSON text, as `@c8y/client` sends it, and
 * `file` under its `File.name`, else `object.name`); anything else (a replacement's Blob, bytes, a stream) passes
 * through untouched instead of being JSON-encoded, so its Content-Type must be given.
 */
function serializeRawBody(body: unknown): unknown {
  if (!isRecord(body) || body instanceof Blob || !isRecord(body["object"]) || !(body["file"] instanceof Blob)) {
    return body;
  }
  const form = new FormData();
  form.append("object", JSON.stringify(body["object"]));
  if (body["filesize"] !== undefined) {
    form.append("filesize", String(body["filesize"]));
  }
  const file = body["file"];
  const ownName = (file as Partial<File>).name;
  const objectName = body["object"]["name"];
  const filename =
    typeof ownName === "string" && ownName !== "" ? ownName : typeof objectName === "string" ? objectName : "blob";
  form.append("file", file, filename);
  return form;
}
