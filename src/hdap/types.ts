import type { components, paths } from "../../generated/schema.ts";

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
