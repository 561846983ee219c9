import type { components, paths } from "../../generated/schema.ts";
import type { ProgressCallback } from "../core/body.ts";
import type { CallOptions } from "../core/pipeline.ts";

type Schemas = components["schemas"];

/** The document's paths that belong to HDAP (the raw client of `createHdapClient` is typed with these only). */
export type HdapPaths = Pick<paths, Extract<keyof paths, `/hdap/${string}`>>;

/**
 * A directory entry as HDAP answers it: `_id` (its HDAP path), `_rev`, and LDAP attributes; multi-valued ones are
 * arrays, binary ones base64 strings.
 */
export type HdapEntry = Schemas["HdapEntry"];

/** The body that creates or updates an entry; a multi-valued attribute takes one value or an array. */
export type HdapEntryWrite = Schemas["HdapEntryWrite"];

/** The value of an LDAP attribute in JSON, typed by its syntax. */
export type HdapAttributeValue = Schemas["HdapAttributeValue"];

/** One `PATCH` operation: `add`, `remove`, `replace` or `increment` of a field. */
export type HdapPatchOperation = Schemas["HdapPatchOperation"];

/** The envelope of a query answer: `result`, `resultCount`, `pagedResultsCookie`, ... */
export type HdapQueryResult = Schemas["HdapQueryResult"];

/** Which entries a query searches, relative to its base: `base`, `one` (default), `sub` or `subordinates`. */
export type HdapScope = components["parameters"]["HdapScope"];

/** How a query counts `totalPagedResults`: `NONE` (default), `ESTIMATE` or `EXACT`. */
export type HdapTotalPagedResultsPolicy = Schemas["HdapTotalPagedResultsPolicy"];

/** The Common REST error body of every HDAP failure: `{ code, reason?, message, detail? }`; `code` is the status. */
export type HdapErrorBody = Schemas["HdapError"];

/** The wire answer of `_action=authenticate`; `expires_in` is a string of digits. */
export type HdapAccessTokenResponse = Schemas["HdapAccessToken"];

/** Options every HDAP call accepts. */
export interface HdapCallOptions extends CallOptions {
  /** Sent as `X-ForgeRock-TransactionId`, which DS writes to its access log. @default undefined */
  transactionId?: string | undefined;
}

/** Options of `get`. */
export interface HdapGetOptions extends HdapCallOptions {
  /** Attributes to return (`_fields`), e.g. `["cn", "photo"]`; none or `[]` returns every user attribute. */
  fields?: readonly string[] | undefined;
}

/** Options of the calls that change an entry. */
export interface HdapWriteOptions extends HdapCallOptions {
  /** Attributes the answer shows (`_fields`). @default every user attribute */
  fields?: readonly string[] | undefined;
  /** `dryRun=true`: the server checks the change and answers as if made, without writing. @default false */
  dryRun?: boolean | undefined;
}

/** Options of `update`, `patch` and `delete`. */
export interface HdapConditionalOptions extends HdapWriteOptions {
  /**
   * `If-Match`: change the entry only while its `_rev` is this one (kind `precondition_failed` otherwise); `"*"` only
   * requires that it exists (an `update` then never creates).
   */
  ifMatch?: string | undefined;
}

/** Options of `delete`. */
export interface HdapDeleteOptions extends HdapConditionalOptions {
  /** `subtreeDelete=true`: delete the entry and everything below it. @default false */
  subtreeDelete?: boolean | undefined;
}

/** Options of `list`. */
export interface HdapListOptions extends HdapCallOptions {
  /**
   * Common REST filter (`_queryFilter`), e.g. `sn eq "Jensen"` or `photo pr`; quote values as JSON strings.
   * @default "true" (every entry in scope)
   */
  filter?: string | undefined;
  /** Which entries relative to the base: `base`, `one`, `sub` or `subordinates`. @default "one" (the server's) */
  scope?: HdapScope | undefined;
  /** Entries per page (`_pageSize`); without it the server answers everything in one page. */
  pageSize?: number | undefined;
  /** Attributes each entry shows (`_fields`). @default every user attribute */
  fields?: readonly string[] | undefined;
  /** Sort keys (`_sortKeys`): attribute names, `-name` for descending. */
  sortKeys?: readonly string[] | undefined;
  /** Whether the server counts all matches in `totalPagedResults`. @default "NONE" (the server's) */
  totalPagedResultsPolicy?: HdapTotalPagedResultsPolicy | undefined;
  /** Start from this `pagedResultsCookie` of an earlier page instead of the first page. */
  pagedResultsCookie?: string | undefined;
}

/** Options of `download` and `downloadAll`. */
export interface HdapDownloadOptions extends HdapCallOptions {
  /** Which value of a multi-valued attribute. HDAP keeps values as a set, so the order is the server's. @default 0 */
  index?: number | undefined;
}

/** Options of `upload`. */
export interface HdapUploadOptions extends HdapCallOptions {
  /** `If-Match`: write only while the entry's `_rev` is this one (kind `precondition_failed` otherwise). */
  ifMatch?: string | undefined;
  /**
   * Add the value to the attribute's values (`PATCH` `add`) instead of replacing them all (`PUT`, as Ping's binary
   * example does). @default false
   */
  append?: boolean | undefined;
  /**
   * Most bytes read from the input; more throws `InvalidInputError` `TOO_LARGE` before anything is sent.
   * @default the client's `maxBinaryBytes`
   */
  maxBytes?: number | undefined;
  /**
   * Attributes the answer shows (`_fields`). The default asks for Common REST's `_id` and `_rev` only, so the value
   * just sent is not echoed back (the mock answers exactly these; that DS does is assumed from Common REST).
   * @default ["_id", "_rev"]
   */
  fields?: readonly string[] | undefined;
  /** Progress of sending the JSON body; its size is the base64 text's, about 4/3 of the input's. */
  onUploadProgress?: ProgressCallback | undefined;
}
