import type { Client } from "openapi-fetch";
import type { Download } from "../binary/download.ts";
import type { UploadInput } from "../binary/upload-input.ts";
import { type ClientOptions, createApiClient } from "../core/client.ts";
import { type CumulocityAuth, cumulocityAuth } from "./auth.ts";
import type { CumulocityContext } from "./context.ts";
import { deleteBinary } from "./delete-binary.ts";
import { downloadBinary } from "./download.ts";
import { CUMULOCITY_REQUEST_ID_HEADERS, describeCumulocityError } from "./errors.ts";
import { listAll, listBinaries, listPages } from "./list.ts";
import { serializeRawBody } from "./raw-body-serializer.ts";
import { replaceBinary } from "./replace.ts";
import type {
  CumulocityDownloadOptions,
  CumulocityListOptions,
  CumulocityReplaceOptions,
  CumulocityRequestOptions,
  CumulocityUploadOptions,
} from "./request-options.ts";
import type {
  CumulocityBinary,
  CumulocityBinaryCollection,
  CumulocityListQuery,
  CumulocityPaths,
  CumulocityUploadObject,
  CumulocityUploadResult,
} from "./types.ts";
import { uploadBinary } from "./upload.ts";

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
   * Reads one page of the managed objects that describe stored files (metadata only, no bytes). The server answers 5
   * per page unless `pageSize` says otherwise (at most 2000); `next` and `prev` are present when there may be more.
   * `ids` goes out comma-joined (`ids=1,2`), as Cumulocity reads it.
   *
   * @throws {ApiError} Cumulocity's answer otherwise (`400` for a malformed query, `401`)
   * @example
   * const page = await c8y.list({ type: "application/pdf", pageSize: 50, withTotalPages: true });
   * console.log(page.managedObjects.map((binary) => binary.name), page.statistics.totalPages);
   */
  list(query?: CumulocityListQuery, options?: CumulocityListOptions): Promise<CumulocityBinaryCollection>;
  /**
   * Yields every non-empty page of a list, asking for page `currentPage + 1` with the same filters each time, and
   * stops after a page shorter than its `statistics.pageSize` or without `next` (Cumulocity sends `next` even on the
   * last full page; the empty page after it is not yielded). A user whose access comes from roles on single objects
   * may get short pages before the end (Cumulocity documents this); such a user should page with `list()`.
   *
   * @default pageSize 100 when the query sets none
   * @example
   * for await (const page of c8y.pages({ owner: "admin" })) {
   *   console.log(page.statistics.currentPage, page.managedObjects.length);
   * }
   */
  pages(
    query?: CumulocityListQuery,
    options?: CumulocityListOptions,
  ): AsyncGenerator<CumulocityBinaryCollection, void, undefined>;
  /**
   * Yields every binary of a list, page after page (see `pages` for when it stops); breaking out of the loop stops
   * the requests.
   *
   * @example
   * for await (const binary of c8y.iterate({ type: "image/png" })) {
   *   console.log(binary.id, binary.name, binary.length);
   * }
   */
  iterate(
    query?: CumulocityListQuery,
    options?: CumulocityListOptions,
  ): AsyncGenerator<CumulocityBinary, void, undefined>;
  /**
   * Uploads a file with the managed object that describes it, as a streamed `multipart/form-data` body (`object` as
   * JSON, then `file` with its file name and media type); the file is never read into memory. `object.name` defaults
   * to the file's name, `object.type` to its media type. Never retried: each POST creates a binary.
   *
   * @throws {InvalidInputError} `MISSING_NAME` (no name from `object`, `filename` or the input), `UNSUPPORTED_INPUT`,
   * `SIZE_MISMATCH` (a stream that differs from its declared `size`), `SIZE_UNKNOWN` (`legacyFilesize` on a stream of
   * unknown size)
   * @throws {ApiError} Cumulocity's answer otherwise: `403 security/Forbidden` without an inventory create role,
   * `400` for a refused body, `413` when the file is too large
   * @example
   * const { binary, location } = await c8y.upload(fileInput.files[0], { c8y_Kind: { purpose: "manual" } });
   * const fromDisk = await c8y.upload("./firmware.bin", { name: "firmware-2.1.bin", type: "application/octet-stream" }, {
   *   onUploadProgress: ({ loaded, total }) => console.log(loaded, total),
   * });
   */
  upload(
    input: UploadInput,
    object?: CumulocityUploadObject,
    options?: CumulocityUploadOptions,
  ): Promise<CumulocityUploadResult>;
  /**
   * Downloads a file, or with `range` part of it, as a {@link Download}: read it once with `stream()`, `blob()`,
   * `arrayBuffer()`, `bytes()` or `saveTo(path)`; `filename` comes from Content-Disposition, `size` from
   * Content-Length, `range` from a 206's Content-Range. Nothing is buffered until you read.
   *
   * @throws {ApiError} `404 inventory/Not Found` for an unknown ID, `416` for a range past the end, `403`
   * @throws {InvalidInputError} `INVALID_ID`, `INVALID_RANGE`
   * @example
   * const download = await c8y.download("1", { onDownloadProgress: ({ loaded, total }) => console.log(loaded, total) });
   * await download.saveTo(`./downloads/${download.filename ?? "binary"}`);
   * // Resume after byte 1023:
   * const rest = await c8y.download("1", { range: { start: 1024 } });
   */
  download(id: string, options?: CumulocityDownloadOptions): Promise<Download>;
  /**
   * Replaces a file's bytes (the managed object's `name`, `type` and fragments stay) and returns the updated managed
   * object. The body is the raw file under its real `Content-Type` (the input's type, `contentType`, else
   * `application/octet-stream`). A Blob, bytes or a file is retried after a network error or a 408/429/5xx answer
   * (PUT is idempotent); a stream is sent once.
   *
   * @throws {ApiError} `404 inventory/Not Found`, `403` without admin rights on the binary, `400` for a body its
   * Content-Type misstates
   * @throws {InvalidInputError} `INVALID_ID`, `UNSUPPORTED_INPUT`, `SIZE_MISMATCH`
   * @example
   * const updated = await c8y.replace(binary.id, newFile);
   * console.log(updated.length, updated.contentType);
   */
  replace(id: string, input: UploadInput, options?: CumulocityReplaceOptions): Promise<CumulocityBinary>;
  /**
   * Deletes a file and the managed object that describes it.
   *
   * @throws {ApiError} `404 inventory/Not Found` when there is no such binary, `403` without admin rights on it
   * @throws {InvalidInputError} `INVALID_ID`
   * @example
   * await c8y.delete(binary.id);
   */
  delete(id: string, options?: CumulocityRequestOptions): Promise<void>;
  /**
   * The typed openapi-fetch client on the same transport and auth, for what the methods do not cover. `ids` is
   * comma-joined; an upload's typed `{ object, file }` body is sent as multipart with its boundary; other bodies pass
   * through untouched, so a raw `PUT` must set its `Content-Type` (else openapi-fetch sends `application/json`) and a
   * download must pass `parseAs: "stream"` or `"blob"`.
   */
  readonly raw: Client<CumulocityPaths>;
}

/**
 * Creates a client for Cumulocity's inventory binaries: paged listing, streamed multipart upload, ranged download,
 * raw replacement and delete, with Basic (`<tenant>/<user>`) or bearer auth, retries of idempotent requests, and
 * errors carrying Cumulocity's `error` code.
 *
 * @throws {TypeError} for a malformed `baseUrl` or `auth` (never quoting the password or token)
 * @example
 * const c8y = createCumulocityClient({
 *   baseUrl: "https://t100.eu-latest.cumulocity.com",
 *   auth: { type: "basic", tenant: "t100", user: "admin", password: process.env.C8Y_PASSWORD ?? "" },
 * });
 * const { binary } = await c8y.upload("./my-file.pdf", { name: "my-file.pdf", type: "application/pdf" });
 * const bytes = await (await c8y.download(binary.id)).bytes();
 */
export function createCumulocityClient(options: CumulocityClientOptions): CumulocityClient {
  const { auth, ...clientOptions } = options;
  const authFactory = auth === undefined ? undefined : cumulocityAuth(auth);
  const core = createApiClient<CumulocityPaths>("cumulocity", clientOptions, {
    auth: authFactory,
    querySerializer: { array: { style: "form", explode: false } },
    bodySerializer: serializeRawBody,
    requestIdHeaders: CUMULOCITY_REQUEST_ID_HEADERS,
    describeError: describeCumulocityError,
  });
  const context: CumulocityContext = { core, baseUrl: clientOptions.baseUrl, signal: clientOptions.signal };
  return {
    baseUrl: clientOptions.baseUrl,
    list: (query, callOptions) => listBinaries(context, query, callOptions),
    pages: (query, callOptions) => listPages(context, query, callOptions),
    iterate: (query, callOptions) => listAll(context, query, callOptions),
    upload: (input, object, callOptions) => uploadBinary(context, input, object, callOptions),
    download: (id, callOptions) => downloadBinary(context, id, callOptions),
    replace: (id, input, callOptions) => replaceBinary(context, id, input, callOptions),
    delete: (id, callOptions) => deleteBinary(context, id, callOptions),
    raw: core.raw,
  };
}
