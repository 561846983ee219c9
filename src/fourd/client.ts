import type { Client } from "openapi-fetch";
import { Download } from "../binary/download.ts";
import { toUploadBody, type UploadBody, type UploadInput } from "../binary/upload-input.ts";
import { ApiError } from "../core/api-error.ts";
import type { RenewingAuth } from "../core/auth.ts";
import { jsonBody, readBoundedText } from "../core/body.ts";
import { type ClientOptions, createApi } from "../core/client.ts";
import { InvalidInputError, InvalidResponseError } from "../core/errors.ts";
import { createListing, type Listing } from "../core/listing.ts";
import type { CallOptions } from "../core/pipeline.ts";
import { describeFourDError, describeFourDSuccessError } from "./errors.ts";
import { type FourDSessionAuth, sessionAuth, sessionCookies } from "./session.ts";
import type {
  FourDAttributeRef,
  FourDDownloadOptions,
  FourDEntity,
  FourDEntityCollection,
  FourDEntityRef,
  FourDGetOptions,
  FourDKey,
  FourDListOptions,
  FourDPaths,
  FourDSelection,
  FourDSelectionAttribute,
  FourDUpdatedEntity,
  FourDUploadFileOptions,
  FourDUploadOptions,
} from "./types.ts";

/** Options of {@link createFourDClient}. */
export interface FourDClientOptions extends ClientOptions {
  /**
   * The server root; calls add `/rest/...`.
   * @example "https://4d.example.com"
   */
  baseUrl: string;
  /**
   * A 4D REST user: `{ type: "session", user, password }`. The client logs in (`$directory/login`) before its first
   * request and again when 4D answers 401 (an expired session).
   * @default undefined (requests go as a guest, where the project allows it)
   */
  auth?: FourDSessionAuth | undefined;
}

/** A 4D REST client; see {@link createFourDClient}. */
export interface FourDClient {
  /** The server root the client sends to. */
  readonly baseUrl: string;
  /**
   * Opens a new session (`$directory/login`); calls do it by themselves when the client has `auth`.
   *
   * @throws {InvalidInputError} `MISSING_CREDENTIALS` when the client has no `auth`
   * @throws {ApiError} kind `unauthorized`, code `LOGIN_REFUSED` (4D answers `200 {"result": false}`) for wrong
   * credentials; kind `unavailable` (402) when 4D has no session left
   */
  login(options?: CallOptions): Promise<void>;
  /** Closes the session (`$directory/logout`), which frees its licence; resolves to whether one was open. */
  logout(options?: CallOptions): Promise<boolean>;
  /**
   * Downloads one entity's picture or BLOB: `GET /rest/User(5)/profilePicture?$binary=true&$expand=profilePicture`
   * (with `imageFormat`, `$imageformat` instead of `$binary`). Resolves to `undefined` when the entity has none (4D
   * answers `{}`). The body is not read until you read it.
   *
   * @throws {ApiError} `not_found` (4D errCode 1800 unknown dataclass, 1542 unknown entity, 1801 unknown attribute)
   * @example
   * const picture = await fourd.download({ dataClass: "User", key: 5, attribute: "profilePicture" });
   * await picture?.saveTo("./profile.jpg");
   */
  download(ref: FourDAttributeRef, options?: FourDDownloadOptions): Promise<Download | undefined>;
  /**
   * Downloads the picture or BLOB of the first entity of a filtered, sorted selection (the seed's
   * `GET /rest/User?$filter="department='HR'"&$binary=true&$expand=profilePicture`); `undefined` when it has none.
   * 4D does not say which entity answers: the first after `filter`, `orderBy` and `skip`, so pass `orderBy`.
   *
   * @example
   * const first = await fourd.downloadFirst({
   *   dataClass: "User", attribute: "profilePicture", filter: fourDFilter`department = ${"HR"}`, orderBy: "lastName asc",
   * });
   */
  downloadFirst(selection: FourDSelectionAttribute, options?: FourDDownloadOptions): Promise<Download | undefined>;
  /**
   * Fills a picture or BLOB attribute: sends the file to `$upload`, then `$method=update` with `__KEY`, `__STAMP`
   * and the upload's ID. Resolves to the saved entity (its new `__STAMP`).
   *
   * @throws {ApiError} when 4D saved nothing: the entity's `__ERROR` (kind `precondition_failed`, code `"1263"` for a
   * stale `stamp`; `forbidden` for 1558), whatever the status
   * @example
   * const saved = await fourd.upload({ dataClass: "User", key: 5, attribute: "profilePicture" }, file);
   */
  upload(ref: FourDAttributeRef, input: UploadInput, options?: FourDUploadOptions): Promise<FourDUpdatedEntity>;
  /**
   * Sends a file to `$upload` only and returns its ID, for a `$method=update` of your own (see `upload`).
   * @example
   * const id = await fourd.uploadFile(pdfBlob, { kind: "blob" });
   */
  uploadFile(input: UploadInput, options?: FourDUploadFileOptions): Promise<string>;
  /**
   * Reads one entity; keep its `__STAMP` to update it.
   * @example
   * const { __STAMP, firstName } = await fourd.get({ dataClass: "User", key: 5 });
   */
  get(ref: FourDEntityRef, options?: FourDGetOptions): Promise<FourDEntity>;
  /**
   * Lists the entities of a dataclass, filtered and sorted: `for await` yields every entity, `.pages()` every page
   * with its `__COUNT`, asking for `pageSize` entities at a time (`$top`, `$skip`).
   *
   * @example
   * for await (const user of fourd.list("User", { filter: fourDFilter`department = ${"HR"}`, orderBy: "lastName" })) {
   *   console.log(user.__KEY, user["lastName"]);
   * }
   */
  list(dataClass: string, options?: FourDListOptions): Listing<FourDEntity, FourDEntityCollection>;
  /**
   * The typed openapi-fetch client on the same pipeline and session. Query parameters keep 4D's names
   * (`query: { $filter: '"department=HR"' }`, outer double quotes included); an upload must set `Content-Type`.
   */
  readonly raw: Client<FourDPaths>;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks a dataclass or attribute name: case-sensitive identifiers, which is also all a 4D URL can carry unencoded.
 *
 * @throws {InvalidInputError} `INVALID_NAME`
 */
function checkName(kind: "dataclass" | "attribute", name: string): string {
  if (typeof name !== "string" || !NAME.test(name)) {
    throw new InvalidInputError(
      "INVALID_NAME",
      `The ${kind} name must be an identifier such as "User", got ${JSON.stringify(String(name)).slice(0, 80)}.`,
    );
  }
  return name;
}

/**
 * The key as the path writes it: a number as is, a string in double quotes (`"IT0911AB2200"`). A string key holding
 * a double quote cannot be addressed in a 4D URL, so it is refused rather than sent broken.
 *
 * @throws {InvalidInputError} `INVALID_KEY`
 */
function formatKey(key: FourDKey): number | string {
  if (typeof key === "number") {
    if (!Number.isSafeInteger(key)) {
      throw new InvalidInputError("INVALID_KEY", `A numeric 4D key must be a safe integer, got ${key}.`);
    }
    return key;
  }
  if (typeof key !== "string" || key === "" || key.includes('"')) {
    throw new InvalidInputError(
      "INVALID_KEY",
      "A 4D key must be an integer or a non-empty string without double quotes.",
    );
  }
  return `"${key}"`;
}

/**
 * A selection's query parameters. `$filter` and `$orderby` travel wrapped in double quotes (4D's syntax, which
 * openapi-fetch does not add); the filter's own values are quoted by `fourDFilter`.
 */
function selectionQuery(selection: FourDSelection & { top?: number | undefined }) {
  return {
    ...(selection.filter === undefined ? {} : { $filter: `"${selection.filter}"` }),
    ...(selection.orderBy === undefined ? {} : { $orderby: `"${selection.orderBy}"` }),
    ...(selection.top === undefined ? {} : { $top: selection.top }),
    ...(selection.skip === undefined ? {} : { $skip: selection.skip }),
  };
}

const attributeList = (attributes: readonly string[] | undefined) =>
  attributes === undefined ? {} : { $attributes: attributes.map((name) => checkName("attribute", name)).join(",") };

/** `$binary` or `$imageformat`, with `$expand` (4D wants both) and `$version`. */
function fileQuery(attribute: string, options: FourDDownloadOptions) {
  return {
    ...(options.imageFormat === undefined ? { $binary: true } : { $imageformat: options.imageFormat }),
    $expand: attribute,
    ...(options.version === undefined ? {} : { $version: options.version }),
  };
}

/** Entities per page of a listing: 4D's own default `$top`. */
const LIST_PAGE_SIZE = 100;

/**
 * Creates a client for 4D REST: download and upload pictures and BLOBs, read and list entities, with the session
 * cookie kept for you (in Node, Bun and Deno; the browser keeps its own with `credentials: "include"`), and 4D's
 * `__ERROR` turned into {@link ApiError}s whatever the status.
 *
 * @example
 * const fourd = createFourDClient({
 *   baseUrl: "http://localhost:4010",
 *   auth: { type: "session", user: "admin", password: "admin" },
 * });
 * const picture = await fourd.download({ dataClass: "User", key: 5, attribute: "profilePicture" });
 * const bytes = await picture?.bytes();
 */
export function createFourDClient(options: FourDClientOptions): FourDClient {
  const { auth, ...clientOptions } = options;
  let session: RenewingAuth<string | undefined> | undefined;
  const api = createApi<FourDPaths>(
    {
      name: "fourd",
      auth: ({ redactor }) => {
        if (auth === undefined) {
          return undefined;
        }
        if (auth.type !== "session" || typeof auth.user !== "string" || typeof auth.password !== "string") {
          throw new TypeError('[bytewire] 4D auth must be { type: "session", user, password }');
        }
        redactor.add(auth.password);
        session = sessionAuth((signal) => sendLogin(auth, { signal }), redactor);
        return session;
      },
      describeError: describeFourDError,
      describeSuccessError: describeFourDSuccessError,
      isCredentialExchange: (request) => request.method === "POST" && request.url.includes("/rest/$directory/login"),
      credentials: "include",
      headers: { Accept: "application/json" },
    },
    clientOptions,
  );

  async function sendLogin(credentials: FourDSessionAuth, callOptions: CallOptions): Promise<string | undefined> {
    const { data, response } = await api.call(
      {
        options: callOptions,
        auth: false,
        headers: {
          "username-4D": credentials.user,
          "password-4D": credentials.password,
          ...(credentials.sessionLength === undefined
            ? {}
            : { "session-4D-length": String(credentials.sessionLength) }),
        },
      },
      (init) => api.raw.POST("/rest/$directory/login", { ...init }),
    );
    if (!data.result) {
      throw new ApiError({
        api: "fourd",
        method: "POST",
        url: response.url,
        status: response.status,
        description: {
          code: "LOGIN_REFUSED",
          message: '4D refused the user name or password ({"result": false})',
          kind: "unauthorized",
        },
        body: data,
        headers: response.headers,
        redactor: api.redactor,
      });
    }
    return sessionCookies(response.headers, api.redactor);
  }

  /** The download of a `200` file answer, or `undefined` for 4D's `{}` (no picture, or none in the asked format). */
  async function fileOrNothing(response: Response, options: FourDDownloadOptions): Promise<Download | undefined> {
    if (/^application\/json\b/i.test(response.headers.get("content-type") ?? "")) {
      const { text } = await readBoundedText(response, 1024);
      if (text.trim() === "{}") {
        return undefined;
      }
      return new Download(new Response(text, { headers: response.headers }), {
        onProgress: options.onDownloadProgress,
      });
    }
    return new Download(response, { onProgress: options.onDownloadProgress });
  }

  /** The input read (a path opened, a size checked) before anything is sent. */
  function readInput(input: UploadInput, callOptions: FourDUploadFileOptions): Promise<UploadBody> {
    return toUploadBody(input, { type: callOptions.contentType, size: callOptions.size, signal: callOptions.signal });
  }

  async function uploadFile(input: UploadInput, callOptions: FourDUploadFileOptions = {}): Promise<string> {
    return sendFile(await readInput(input, callOptions), callOptions);
  }

  async function sendFile(file: UploadBody, callOptions: FourDUploadFileOptions): Promise<string> {
    const type = file.type ?? "application/octet-stream";
    const kind = callOptions.kind ?? (type.toLowerCase().startsWith("image/") ? "picture" : "blob");
    const query = {
      ...(kind === "picture" ? { $rawPict: true } : { $binary: true }),
      ...(callOptions.uploadTimeout === undefined ? {} : { $timeout: callOptions.uploadTimeout }),
    };
    const { data } = await api.call(
      { options: callOptions, body: { ...file, type }, onUploadProgress: callOptions.onUploadProgress },
      (init) => api.raw.POST("/rest/$upload", { params: { query }, ...init }),
    );
    return data.ID;
  }

  async function get(ref: FourDEntityRef, callOptions: FourDGetOptions = {}): Promise<FourDEntity> {
    const path = { dataClass: checkName("dataclass", ref.dataClass), key: formatKey(ref.key) };
    const { data } = await api.call({ options: callOptions }, (init) =>
      api.raw.GET("/rest/{dataClass}({key})", {
        params: { path, query: attributeList(callOptions.attributes) },
        ...init,
      }),
    );
    return data;
  }

  return {
    baseUrl: api.baseUrl,
    raw: api.raw,
    get,
    uploadFile,

    async login(callOptions) {
      if (session === undefined) {
        throw new InvalidInputError(
          "MISSING_CREDENTIALS",
          "createFourDClient() was given no auth, so it cannot log in.",
        );
      }
      await session.renew(callOptions?.signal ?? new AbortController().signal);
    },

    async logout(callOptions) {
      const cookie = session?.peek();
      // Logging in just to log out would open a session only to close it, so this call carries the cookie itself.
      const { data } = await api.call(
        { options: callOptions, auth: false, headers: cookie === undefined ? {} : { Cookie: cookie } },
        (init) => api.raw.GET("/rest/$directory/logout", { ...init }),
      );
      session?.forget();
      return data.result;
    },

    async download(ref, callOptions = {}) {
      const attribute = checkName("attribute", ref.attribute);
      const path = { dataClass: checkName("dataclass", ref.dataClass), key: formatKey(ref.key), attribute };
      const { response } = await api.call({ options: callOptions, expect: "stream" }, (init) =>
        api.raw.GET("/rest/{dataClass}({key})/{attribute}", {
          params: { path, query: fileQuery(attribute, callOptions) },
          parseAs: "stream",
          ...init,
        }),
      );
      return fileOrNothing(response, callOptions);
    },

    async downloadFirst(selection, callOptions = {}) {
      const dataClass = checkName("dataclass", selection.dataClass);
      const attribute = checkName("attribute", selection.attribute);
      const query = { ...selectionQuery(selection), ...fileQuery(attribute, callOptions) };
      const { response } = await api.call({ options: callOptions, expect: "stream" }, (init) =>
        api.raw.GET("/rest/{dataClass}", { params: { path: { dataClass }, query }, parseAs: "stream", ...init }),
      );
      return fileOrNothing(response, callOptions);
    },

    async upload(ref, input, callOptions = {}) {
      const dataClass = checkName("dataclass", ref.dataClass);
      const attribute = checkName("attribute", ref.attribute);
      formatKey(ref.key);
      // A bad input (a missing file) fails before the entity is read.
      const file = await readInput(input, callOptions);
      const stamp = callOptions.stamp ?? (await get(ref, { ...callOptions, attributes: [attribute] })).__STAMP;
      const id = await sendFile(file, callOptions);
      const { data, response } = await api.call(
        { options: callOptions, body: jsonBody({ [attribute]: { ID: id }, __KEY: String(ref.key), __STAMP: stamp }) },
        (init) =>
          api.raw.POST("/rest/{dataClass}", { params: { path: { dataClass }, query: { $method: "update" } }, ...init }),
      );
      // A save 4D refused carries its own __ERROR, which the pipeline has turned into an ApiError already.
      if ("__ENTITIES" in data || typeof data.__STAMP !== "number" || typeof data.__KEY !== "string") {
        throw new InvalidResponseError("UNEXPECTED_SHAPE", "instead of the saved entity with its new __STAMP", {
          api: "fourd",
          method: "POST",
          url: response.url,
          status: response.status,
          redactor: api.redactor,
        });
      }
      return data as FourDUpdatedEntity;
    },

    list(dataClass, callOptions = {}) {
      checkName("dataclass", dataClass);
      const pageSize = callOptions.pageSize ?? LIST_PAGE_SIZE;
      if (!Number.isSafeInteger(pageSize) || pageSize < 1) {
        throw new InvalidInputError("INVALID_PAGE_SIZE", `The page size must be a positive integer; got ${pageSize}.`);
      }
      return createListing(callOptions.skip ?? 0, async (skip: number) => {
        const query = {
          ...selectionQuery({ ...callOptions, skip, top: pageSize }),
          ...attributeList(callOptions.attributes),
        };
        const { data } = await api.call({ options: callOptions }, (init) =>
          api.raw.GET("/rest/{dataClass}", { params: { path: { dataClass }, query }, ...init }),
        );
        const page = data as FourDEntityCollection;
        const items = page.__ENTITIES ?? [];
        // Follow __COUNT, not the page's length: a server that caps `$top` sends shorter pages before the end.
        const next = skip + items.length;
        return { page, items, next: next >= page.__COUNT ? undefined : next };
      });
    },
  };
}
