import type { Client } from "openapi-fetch";
import type { UploadInput } from "../binary/upload-input.ts";
import { type ClientOptions, createApiClient } from "../core/client.ts";
import { type HdapAuth, hdapAuthMiddleware } from "./auth.ts";
import { authenticateAccount, type HdapToken } from "./authenticate.ts";
import { DEFAULT_MAX_BINARY_BYTES } from "./base64-json-body.ts";
import {
  type HdapReadBinaryOptions,
  type HdapWriteBinaryOptions,
  readBinaryValue,
  readBinaryValues,
  writeBinaryValue,
} from "./binary-attributes.ts";
import type { HdapCallOptions, HdapCore } from "./call-options.ts";
import {
  createEntry,
  deleteEntry,
  type HdapConditionalOptions,
  type HdapDeleteOptions,
  type HdapReadOptions,
  type HdapWriteOptions,
  patchEntry,
  readEntry,
  updateEntry,
} from "./entries.ts";
import type { HdapEntryRef } from "./entry-ref.ts";
import { describeHdapError, HDAP_REQUEST_ID_HEADERS } from "./errors.ts";
import { hdapPathSerializer } from "./path-serializer.ts";
import { type HdapQueryOptions, type HdapQueryPage, queryEntries } from "./query.ts";
import type { HdapEntry, HdapEntryWrite, HdapPatchOperation, HdapPaths } from "./types.ts";

/** Options of {@link createHdapClient}. */
export interface HdapClientOptions extends ClientOptions {
  /**
   * How to authenticate: `{ type: "basic", dn, password }`, `{ type: "bearer", token }` or
   * `{ type: "password", dn, password }` (bearer tokens from `_action=authenticate`, cached and renewed).
   * @default undefined (anonymous: reads where the directory allows them, no writes)
   */
  auth?: HdapAuth | undefined;
  /**
   * Most bytes `writeBinary` reads from one input. HDAP sends binaries as base64 inside JSON, so the input is held in
   * memory. The server's own request limit is usually lower: PingDS's default `max-request-size` is 5 MiB of JSON,
   * about 3.7 MiB of binary once base64 has grown it by a third (the mock applies the same default).
   * @default 16777216 (16 MiB)
   */
  maxBinaryBytes?: number | undefined;
}

/** A typed PingDS HDAP client: task methods that throw typed errors, and the configured raw client. */
export interface HdapClient {
  /**
   * The openapi-fetch client for `/hdap/{dnPath}`, with auth, retries and a path serializer that inserts `dnPath`
   * verbatim (build it with `dnToPath`). It returns `{ data, error, response }` and never throws for HTTP errors.
   *
   * @example
   * const { data } = await hdap.raw.POST("/hdap/{dnPath}", {
   *   params: {
   *     path: { dnPath: dnToPath("uid=bjensen,ou=People,dc=example,dc=com") },
   *     query: { _action: "accountUsability" },
   *   },
   *   body: {},
   * });
   */
  readonly raw: Client<HdapPaths, "application/json">;

  /**
   * Reads an entry (`GET`), all user attributes or the `fields` named.
   *
   * @throws {ApiError} `404` when there is no such entry, `401` when anonymous reads are not allowed.
   * @example
   * const entry = await hdap.read("uid=bjensen,ou=People,dc=example,dc=com", { fields: ["cn", "mail"] });
   */
  read(entry: HdapEntryRef, options?: HdapReadOptions): Promise<HdapEntry>;

  /**
   * Queries below `base` (`GET` with `_queryFilter`) and resolves to the first page; `for await` over the page yields
   * every matching entry, following `pagedResultsCookie` from page to page.
   *
   * @throws {ApiError} `400` for a filter the server cannot parse, `413` when more entries match than its size limit.
   * @example
   * const people = await hdap.query("ou=People,dc=example,dc=com", { filter: 'sn eq "Jensen"', pageSize: 50 });
   * for await (const person of people) {
   *   console.log(person._id);
   * }
   */
  query(base: HdapEntryRef, options?: HdapQueryOptions): Promise<HdapQueryPage>;

  /**
   * Creates an entry below `parent` (`POST ?_action=create`), named by its `_id` or its `uid`/`cn`.
   *
   * @throws {ApiError} `412` when it exists already, `404` when the parent does not exist.
   * @example
   * await hdap.create("ou=People,dc=example,dc=com", {
   *   objectClass: ["top", "person", "organizationalPerson", "inetOrgPerson"],
   *   uid: "newuser", cn: "New User", sn: "User",
   * });
   */
  create(parent: HdapEntryRef, entry: HdapEntryWrite, options?: HdapWriteOptions): Promise<HdapEntry>;

  /**
   * Updates an entry (`PUT`): HDAP merges the fields given, each replacing that attribute's values; others stay. On a
   * missing entry the `PUT` creates it, unless `ifMatch` is set.
   *
   * @throws {ApiError} `412` when `ifMatch` no longer matches the entry's `_rev`.
   * @example
   * const updated = await hdap.update(entry, { telephoneNumber: "+1 408 555 1212" }, { ifMatch: entry._rev });
   */
  update(entry: HdapEntryRef, changes: HdapEntryWrite, options?: HdapConditionalOptions): Promise<HdapEntry>;

  /**
   * Applies patch operations (`PATCH`): add or remove single values, remove an attribute, increment a number.
   *
   * @throws {ApiError} `400` for an operation the server refuses, `412` when `ifMatch` no longer matches.
   * @example
   * await hdap.patch("uid=bjensen,ou=People,dc=example,dc=com", [{ operation: "remove", field: "/photo" }]);
   */
  patch(
    entry: HdapEntryRef,
    operations: readonly HdapPatchOperation[],
    options?: HdapConditionalOptions,
  ): Promise<HdapEntry>;

  /**
   * Deletes an entry (`DELETE`) and resolves to it as it was; `subtreeDelete` removes its children too.
   *
   * @throws {ApiError} `400` for an entry with children and no `subtreeDelete`, `412` when `ifMatch` is stale.
   * @example
   * await hdap.delete("uid=newuser,ou=People,dc=example,dc=com");
   */
  delete(entry: HdapEntryRef, options?: HdapDeleteOptions): Promise<HdapEntry>;

  /**
   * Obtains a bearer token for an account (`POST ?_action=authenticate`), sent without any `Authorization` header.
   * A client with `auth: { type: "password" }` does this by itself.
   *
   * @throws {ApiError} `401` for a wrong password or a locked account.
   * @example
   * const { accessToken, expiresIn } = await hdap.authenticate("uid=kvaughan,ou=People,dc=example,dc=com", "bribery");
   */
  authenticate(account: HdapEntryRef, password: string, options?: HdapCallOptions): Promise<HdapToken>;

  /**
   * Reads one value of a binary attribute (`GET ?_fields=<attribute>`), base64-decoded; `undefined` when the entry
   * has no value there.
   *
   * @throws {InvalidInputError} `INVALID_BASE64` when the server's value is not strict base64.
   * @example
   * const photo = await hdap.readBinary("uid=bjensen,ou=People,dc=example,dc=com", "photo");
   */
  readBinary(
    entry: HdapEntryRef,
    attribute: string,
    options?: HdapReadBinaryOptions,
  ): Promise<Uint8Array<ArrayBuffer> | undefined>;

  /**
   * Reads every value of a binary attribute, base64-decoded (`[]` when it has none).
   *
   * @throws {InvalidInputError} `INVALID_BASE64` when a value is not strict base64.
   * @example
   * const certificates = await hdap.readBinaryValues("uid=bjensen,ou=People,dc=example,dc=com", "userCertificate");
   */
  readBinaryValues(
    entry: HdapEntryRef,
    attribute: string,
    options?: HdapCallOptions,
  ): Promise<Uint8Array<ArrayBuffer>[]>;

  /**
   * Writes a binary attribute from a Blob, bytes, a stream or a file path: replaces its values (`PUT`) or, with
   * `append`, adds one (`PATCH`). HDAP's wire format requires it: the value travels as base64 text inside a JSON body
   * and there is no raw-bytes upload, so this call reads the whole input (at most `maxBinaryBytes`, checked before
   * anything is sent) through the streaming base64 encoder and sends the finished body, which can then be retried
   * and replayed after a `401`. Resolves to the entry's `_id` and new `_rev` (or the `fields` asked for).
   *
   * @throws {InvalidInputError} `TOO_LARGE` before sending when the input exceeds the limit.
   * @throws {ApiError} `412` when `ifMatch` no longer matches, `403` without the right to write the entry.
   * @example
   * const { _rev } = await hdap.writeBinary("uid=bjensen,ou=People,dc=example,dc=com", "photo", file);
   */
  writeBinary(
    entry: HdapEntryRef,
    attribute: string,
    input: UploadInput,
    options?: HdapWriteBinaryOptions,
  ): Promise<HdapEntry>;
}

/**
 * Creates a PingDS HDAP client. Paths are built from DNs for you, binary attributes are read and written as bytes,
 * and failures throw `ApiError` (with HDAP's numeric `code`), `NetworkError`, `TimeoutError`, `AbortError` or
 * `InvalidInputError`.
 *
 * @example
 * const hdap = createHdapClient({
 *   baseUrl: "https://ds.example.com:8443",
 *   auth: { type: "password", dn: "uid=kvaughan,ou=People,dc=example,dc=com", password: "bribery" },
 * });
 * await hdap.writeBinary("uid=bjensen,ou=People,dc=example,dc=com", "photo", file);
 */
export function createHdapClient(options: HdapClientOptions): HdapClient {
  const maxBinaryBytes = options.maxBinaryBytes ?? DEFAULT_MAX_BINARY_BYTES;
  const core: HdapCore = createApiClient<HdapPaths, "application/json">("hdap", options, {
    pathSerializer: hdapPathSerializer,
    requestIdHeaders: HDAP_REQUEST_ID_HEADERS,
    describeError: describeHdapError,
    auth: (redactor) =>
      hdapAuthMiddleware(options.auth, {
        redactor,
        // Called on a request, so `core` exists by then: the middleware authenticates through the finished client.
        authenticate: (path, password) => authenticateAccount(core, { path }, password),
      }),
  });
  return {
    raw: core.raw,
    read: (entry, callOptions) => readEntry(core, entry, callOptions),
    query: (base, callOptions) => queryEntries(core, base, callOptions),
    create: (parent, entry, callOptions) => createEntry(core, parent, entry, callOptions),
    update: (entry, changes, callOptions) => updateEntry(core, entry, changes, callOptions),
    patch: (entry, operations, callOptions) => patchEntry(core, entry, operations, callOptions),
    delete: (entry, callOptions) => deleteEntry(core, entry, callOptions),
    authenticate: (account, password, callOptions) => authenticateAccount(core, account, password, callOptions),
    readBinary: (entry, attribute, callOptions) => readBinaryValue(core, entry, attribute, callOptions),
    readBinaryValues: (entry, attribute, callOptions) => readBinaryValues(core, entry, attribute, callOptions),
    writeBinary: (entry, attribute, input, callOptions) =>
      writeBinaryValue(core, entry, attribute, input, maxBinaryBytes, callOptions),
  };
}
