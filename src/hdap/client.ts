import type { Client } from "openapi-fetch";
import { Download } from "../binary/download.ts";
import type { UploadInput } from "../binary/upload-input.ts";
import { jsonBody } from "../core/body.ts";
import { type ClientOptions, createApi } from "../core/client.ts";
import { describeValue, InvalidInputError, InvalidResponseError } from "../core/errors.ts";
import { createListing, type Listing } from "../core/listing.ts";
import type { CallInit, CallSpec, FetchResult } from "../core/pipeline.ts";
import { type HdapAuth, type HdapToken, hdapAuthStrategy } from "./auth.ts";
import { base64JsonBody, binaryValues, checkAttribute } from "./binary-values.ts";
import { entryPath, type HdapEntryRef, hdapPathSerializer } from "./dn-path.ts";
import { describeHdapError, HDAP_REQUEST_ID_HEADERS } from "./errors.ts";
import type {
  HdapCallOptions,
  HdapConditionalOptions,
  HdapDeleteOptions,
  HdapDownloadOptions,
  HdapEntry,
  HdapEntryWrite,
  HdapGetOptions,
  HdapListOptions,
  HdapPatchOperation,
  HdapPaths,
  HdapQueryResult,
  HdapUploadOptions,
  HdapWriteOptions,
} from "./types.ts";

/** Default most bytes `upload` reads from its input: 16 MiB. */
export const DEFAULT_MAX_BINARY_BYTES: number = 16 * 1024 * 1024;

/** Options of {@link createHdapClient}. */
export interface HdapClientOptions extends ClientOptions {
  /**
   * How to authenticate: `{ type: "basic", dn, password }`, `{ type: "bearer", token }` or
   * `{ type: "password", dn, password }` (bearer tokens from `_action=authenticate`, cached and renewed).
   * @default undefined (anonymous: reads where the directory allows them, no writes)
   */
  auth?: HdapAuth | undefined;
  /**
   * Most bytes `upload` reads from one input. HDAP sends binaries as base64 inside JSON, so the input is held in
   * memory. The server's own request limit is usually lower: PingDS's default `max-request-size` is 5 MiB of JSON,
   * about 3.7 MiB of binary once base64 has grown it by a third (the mock applies the same default).
   * @default 16777216 (16 MiB)
   */
  maxBinaryBytes?: number | undefined;
}

/** A typed PingDS HDAP client; see {@link createHdapClient}. */
export interface HdapClient {
  /** The server root the client sends to. */
  readonly baseUrl: string;
  /**
   * Reads an entry (`GET`), all user attributes or the `fields` named.
   *
   * @throws {ApiError} `not_found` when there is no such entry, `unauthorized` when anonymous reads are not allowed.
   * @example
   * const entry = await hdap.get("uid=bjensen,ou=People,dc=example,dc=com", { fields: ["cn", "mail"] });
   */
  get(entry: HdapEntryRef, options?: HdapGetOptions): Promise<HdapEntry>;
  /**
   * Queries below `base` (`GET` with `_queryFilter`): `for await` yields every matching entry, `.pages()` every page
   * (`resultCount`, `pagedResultsCookie`, ...), following `pagedResultsCookie` from page to page.
   *
   * @throws {ApiError} from the loop: `invalid_request` for a filter the server cannot parse, `too_large` when more
   * entries match than its size limit.
   * @example
   * for await (const person of hdap.list("ou=People,dc=example,dc=com", { filter: 'sn eq "Jensen"', pageSize: 50 })) {
   *   console.log(person._id);
   * }
   */
  list(base: HdapEntryRef, options?: HdapListOptions): Listing<HdapEntry, HdapQueryResult>;
  /**
   * Creates an entry below `parent` (`POST ?_action=create`), named by its `_id` or its `uid`/`cn`.
   *
   * @throws {ApiError} `precondition_failed` when it exists already, `not_found` when the parent does not exist.
   */
  create(parent: HdapEntryRef, entry: HdapEntryWrite, options?: HdapWriteOptions): Promise<HdapEntry>;
  /**
   * Updates an entry (`PUT`): HDAP merges the fields given, each replacing that attribute's values; others stay. On a
   * missing entry the `PUT` creates it, unless `ifMatch` is set.
   *
   * @throws {ApiError} `precondition_failed` when `ifMatch` no longer matches the entry's `_rev`.
   * @example
   * const updated = await hdap.update(entry, { telephoneNumber: "+1 408 555 1212" }, { ifMatch: entry._rev });
   */
  update(entry: HdapEntryRef, changes: HdapEntryWrite, options?: HdapConditionalOptions): Promise<HdapEntry>;
  /**
   * Applies patch operations (`PATCH`): add or remove single values, remove an attribute, increment a number.
   *
   * @throws {ApiError} `invalid_request` for an operation the server refuses, `precondition_failed` for a stale `ifMatch`.
   */
  patch(
    entry: HdapEntryRef,
    operations: readonly HdapPatchOperation[],
    options?: HdapConditionalOptions,
  ): Promise<HdapEntry>;
  /**
   * Deletes an entry (`DELETE`); `subtreeDelete` removes its children too.
   *
   * @throws {ApiError} `invalid_request` for an entry with children and no `subtreeDelete`, `precondition_failed`
   * when `ifMatch` is stale.
   */
  delete(entry: HdapEntryRef, options?: HdapDeleteOptions): Promise<void>;
  /**
   * Obtains a bearer token for an account (`POST ?_action=authenticate`), sent without the client's credentials.
   * A client with `auth: { type: "password" }` does this by itself.
   *
   * @throws {ApiError} `unauthorized` for a wrong password or a locked account.
   */
  authenticate(account: HdapEntryRef, password: string, options?: HdapCallOptions): Promise<HdapToken>;
  /**
   * Downloads one value of a binary attribute (`GET ?_fields=<attribute>`), base64-decoded, as a {@link Download}
   * (read it with `bytes()`, `blob()`, `stream()` or `saveTo()`); `undefined` when the entry has no value there. HDAP
   * sends the value inside the JSON entry, so it is in memory once the call resolves.
   *
   * @throws {InvalidResponseError} `INVALID_BASE64` when the server's value is not strict base64.
   * @example
   * const photo = await hdap.download("uid=bjensen,ou=People,dc=example,dc=com", "photo");
   * await photo?.saveTo("bjensen.jpg");
   */
  download(entry: HdapEntryRef, attribute: string, options?: HdapDownloadOptions): Promise<Download | undefined>;
  /**
   * Downloads every value of a binary attribute, base64-decoded (`[]` when it has none).
   *
   * @throws {InvalidResponseError} `INVALID_BASE64` when a value is not strict base64.
   */
  downloadAll(entry: HdapEntryRef, attribute: string, options?: HdapCallOptions): Promise<Download[]>;
  /**
   * Writes a binary attribute from a Blob, bytes, a stream or a file path: replaces its values (`PUT`) or, with
   * `append`, adds one (`PATCH`). HDAP has no raw upload: the value travels as base64 text inside a JSON body, so this
   * call reads the whole input (at most `maxBinaryBytes`, checked before anything is sent) through the streaming
   * base64 encoder, and the finished body can be retried and sent again after a `401`. Resolves to the entry's `_id`
   * and new `_rev` (or the `fields` asked for).
   *
   * @throws {InvalidInputError} `TOO_LARGE` (kind `too_large`) before sending when the input exceeds the limit.
   * @throws {ApiError} `precondition_failed` when `ifMatch` no longer matches, `forbidden` without the right to write.
   * @example
   * const { _rev } = await hdap.upload("uid=bjensen,ou=People,dc=example,dc=com", "photo", file);
   */
  upload(entry: HdapEntryRef, attribute: string, input: UploadInput, options?: HdapUploadOptions): Promise<HdapEntry>;
  /**
   * The typed openapi-fetch client for `/hdap/{dnPath}` on the same pipeline, with a path serializer that inserts
   * `dnPath` verbatim (build it with `dnToPath`). It returns `{ data, error, response }` and never throws for HTTP
   * errors.
   */
  readonly raw: Client<HdapPaths, "application/json">;
}

/** `_fields` or `_sortKeys`: the names comma-joined, or nothing when none are given. */
function commaList(fields: readonly string[] | undefined): string | undefined {
  return fields?.length ? fields.join(",") : undefined;
}

/**
 * The parameters as openapi-fetch's exact optional types want them. openapi-fetch leaves out undefined query values
 * and headers itself, so only the type changes.
 */
function optional<T extends Record<string, unknown>>(object: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return object as { [K in keyof T]?: Exclude<T[K], undefined> };
}

const writeQuery = (options: HdapWriteOptions) =>
  optional({ _fields: commaList(options.fields), dryRun: options.dryRun });
const ifMatchHeader = (options: HdapConditionalOptions) => optional({ "If-Match": options.ifMatch });

/** The entry in a 2xx answer, checked to be one (a read answers a query envelope when the server misreads it). */
function asEntry(data: unknown): HdapEntry {
  if (typeof Reflect.get(Object(data), "_id") !== "string") {
    throw new InvalidResponseError(
      "UNEXPECTED_SHAPE",
      `The HDAP answer should be an entry with an _id; it is ${describeValue(data)} without one.`,
      { api: "hdap" },
    );
  }
  return data as HdapEntry;
}

/**
 * Creates a PingDS HDAP client. Paths are built from DNs for you, binary attributes are downloaded and uploaded as
 * bytes, and failures throw bytewire errors (`ApiError` with HDAP's numeric `code`).
 *
 * @example
 * const hdap = createHdapClient({
 *   baseUrl: "https://ds.example.com:8443",
 *   auth: { type: "password", dn: "uid=kvaughan,ou=People,dc=example,dc=com", password: "bribery" },
 * });
 * await hdap.upload("uid=bjensen,ou=People,dc=example,dc=com", "photo", file);
 */
export function createHdapClient(options: HdapClientOptions): HdapClient {
  const { auth, maxBinaryBytes = DEFAULT_MAX_BINARY_BYTES, ...clientOptions } = options;
  const api = createApi<HdapPaths, "application/json">(
    {
      name: "hdap",
      auth: ({ redactor }) =>
        hdapAuthStrategy(auth, redactor, (path, password, signal) => authenticate({ path }, password, { signal })),
      pathSerializer: hdapPathSerializer,
      isCredentialExchange: (request) =>
        request.method === "POST" && new URL(request.url).searchParams.get("_action") === "authenticate",
      requestIdHeaders: HDAP_REQUEST_ID_HEADERS,
      describeError: describeHdapError,
    },
    clientOptions,
  );
  const { raw, redactor } = api;

  /** A call with the caller's options and `X-ForgeRock-TransactionId` when one is given. */
  function spec(callOptions: HdapCallOptions, more?: Partial<CallSpec>): CallSpec {
    const { transactionId } = callOptions;
    return {
      options: callOptions,
      headers: transactionId === undefined ? {} : { "X-ForgeRock-TransactionId": transactionId },
      ...more,
    };
  }

  // The authenticate request carries the password in its body and nothing else: a stale token or another account's
  // Basic credentials would make the server refuse it before it looks at the password.
  async function authenticate(
    account: HdapEntryRef,
    password: string,
    callOptions: HdapCallOptions = {},
  ): Promise<HdapToken> {
    redactor.add(password);
    const { data } = await api.call(spec(callOptions, { auth: false, body: jsonBody({ password }) }), (init) =>
      raw.POST("/hdap/{dnPath}", {
        params: { path: { dnPath: entryPath(account) }, query: { _action: "authenticate" } },
        ...init,
      }),
    );
    const { access_token: accessToken, expires_in: expiresIn, token_type: tokenType } = data as Record<string, unknown>;
    // The document's `expires_in` is a string of digits (Ping's answer is "299"); a number is tolerated as RFC 6749
    // sends it.
    const seconds =
      typeof expiresIn === "number" || (typeof expiresIn === "string" && /^\d+$/.test(expiresIn))
        ? Number(expiresIn)
        : Number.NaN;
    if (typeof accessToken !== "string" || accessToken === "" || !(seconds >= 0 && seconds < Infinity)) {
      throw new InvalidResponseError(
        "UNEXPECTED_SHAPE",
        "The answer to _action=authenticate has no access_token string or no expires_in in seconds.",
        { api: "hdap" },
      );
    }
    redactor.add(accessToken);
    return { accessToken, tokenType: typeof tokenType === "string" ? tokenType : "Bearer", expiresIn: seconds };
  }

  async function read(ref: HdapEntryRef, callOptions: HdapGetOptions) {
    const query = optional({ _fields: commaList(callOptions.fields) });
    const { data, response } = await api.call(spec(callOptions), (init) =>
      raw.GET("/hdap/{dnPath}", { params: { path: { dnPath: entryPath(ref) }, query }, ...init }),
    );
    return { entry: asEntry(data), response };
  }

  async function valuesOf(ref: HdapEntryRef, attribute: string, callOptions: HdapCallOptions) {
    const { entry, response } = await read(ref, { ...callOptions, fields: [checkAttribute(attribute)] });
    // The request that brought the values is the one named when reading a value fails (an aborted saveTo).
    const request = { api: "hdap" as const, method: "GET", url: response.url, redactor };
    return binaryValues(entry, attribute).map(
      (bytes) =>
        new Download(new Response(bytes, { headers: { "Content-Length": String(bytes.byteLength) } }), { request }),
    );
  }

  /** A write answered by the entry: `create`, `update`, `patch`, `upload`. */
  async function write(
    send: (init: CallInit) => Promise<FetchResult<unknown>>,
    callOptions: HdapCallOptions,
    more: Partial<CallSpec>,
  ): Promise<HdapEntry> {
    return asEntry((await api.call(spec(callOptions, more), send)).data);
  }

  /** The path, the write query and `If-Match` of a call on one entry. */
  const entryParams = (ref: HdapEntryRef, callOptions: HdapConditionalOptions) => ({
    path: { dnPath: entryPath(ref) },
    query: writeQuery(callOptions),
    header: ifMatchHeader(callOptions),
  });

  return {
    baseUrl: api.baseUrl,
    raw,
    authenticate,
    get: async (ref, callOptions = {}) => (await read(ref, callOptions)).entry,

    list(base, callOptions = {}) {
      const dnPath = entryPath(base);
      const { pageSize } = callOptions;
      if (pageSize !== undefined && !(Number.isSafeInteger(pageSize) && pageSize > 0)) {
        throw new InvalidInputError("INVALID_PAGE_SIZE", `The page size must be a positive integer; got ${pageSize}.`);
      }
      const fixed = optional({
        _queryFilter: callOptions.filter ?? "true",
        scope: callOptions.scope,
        _pageSize: pageSize,
        _fields: commaList(callOptions.fields),
        _sortKeys: commaList(callOptions.sortKeys),
        _totalPagedResultsPolicy: callOptions.totalPagedResultsPolicy,
      });
      // The cursor is the cookie of the page to fetch; "" stands for the first page (none sent).
      return createListing(callOptions.pagedResultsCookie ?? "", async (cookie: string) => {
        const query = { ...fixed, ...optional({ _pagedResultsCookie: cookie || undefined }) };
        const { data } = await api.call(spec(callOptions), (init) =>
          raw.GET("/hdap/{dnPath}", { params: { path: { dnPath }, query }, ...init }),
        );
        const page = data as HdapQueryResult;
        if (!Array.isArray(page?.result)) {
          throw new InvalidResponseError("UNEXPECTED_SHAPE", "The answer to an HDAP query has no result array.", {
            api: "hdap",
          });
        }
        // Without paging the server sends no cookie.
        const next = typeof page.pagedResultsCookie === "string" ? page.pagedResultsCookie || undefined : undefined;
        return { page, items: page.result, next };
      });
    },

    create: async (parent, entry, callOptions = {}) =>
      write(
        (init) =>
          raw.POST("/hdap/{dnPath}", {
            params: { path: { dnPath: entryPath(parent) }, query: { _action: "create", ...writeQuery(callOptions) } },
            ...init,
          }),
        callOptions,
        { body: jsonBody(entry) },
      ),

    update: async (ref, changes, callOptions = {}) =>
      write((init) => raw.PUT("/hdap/{dnPath}", { params: entryParams(ref, callOptions), ...init }), callOptions, {
        body: jsonBody(changes),
      }),

    patch: async (ref, operations, callOptions = {}) =>
      write((init) => raw.PATCH("/hdap/{dnPath}", { params: entryParams(ref, callOptions), ...init }), callOptions, {
        body: jsonBody(operations),
      }),

    async delete(ref, callOptions = {}) {
      const params = entryParams(ref, callOptions);
      const query = { ...params.query, ...optional({ subtreeDelete: callOptions.subtreeDelete }) };
      await api.call(spec(callOptions, { expect: "none" }), (init) =>
        raw.DELETE("/hdap/{dnPath}", { params: { ...params, query }, ...init }),
      );
    },

    async download(ref, attribute, callOptions = {}) {
      const index = callOptions.index ?? 0;
      if (!(Number.isSafeInteger(index) && index >= 0)) {
        throw new InvalidInputError("INVALID_INDEX", `The value index must be a non-negative integer; got ${index}.`);
      }
      return (await valuesOf(ref, attribute, callOptions))[index];
    },

    downloadAll: (ref, attribute, callOptions = {}) => valuesOf(ref, attribute, callOptions),

    async upload(ref, attribute, input, callOptions = {}) {
      const name = checkAttribute(attribute);
      const { append, maxBytes: limit = maxBinaryBytes } = callOptions;
      const params = {
        ...entryParams(ref, callOptions),
        query: { _fields: commaList(callOptions.fields) ?? "_id,_rev" },
      };
      if (!(Number.isSafeInteger(limit) && limit >= 0)) {
        throw new InvalidInputError("INVALID_LIMIT", `maxBytes must be a non-negative integer; got ${limit}.`);
      }
      const frame = append
        ? { before: `[{"operation":"add","field":${JSON.stringify(`/${name}`)},"value":`, after: "}]" }
        : { before: `{${JSON.stringify(name)}:`, after: "}" };
      return write((init) => (append ? raw.PATCH : raw.PUT)("/hdap/{dnPath}", { params, ...init }), callOptions, {
        body: async () => {
          const json = await base64JsonBody(input, frame, limit, callOptions.signal);
          return { body: json, size: json.size, type: "application/json", replayable: true };
        },
        onUploadProgress: callOptions.onUploadProgress,
      });
    },
  };
}
