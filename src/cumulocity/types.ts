import type { components, operations, paths } from "../../generated/schema.ts";

/**
 * The managed object that describes a stored file: `id`, `self`, `name`, `type`, `contentType`, `length`, `owner`,
 * `lastUpdated`, the `c8y_IsBinary` marker and any custom fragments the uploader added.
 */
export type CumulocityBinary = components["schemas"]["CumulocityBinary"];

/** One page of binaries: `managedObjects`, `statistics`, `self`, and `next`/`prev` links when present. */
export type CumulocityBinaryCollection = components["schemas"]["CumulocityBinaryCollection"];

/** Paging facts of a page: `currentPage`, `pageSize`, and `totalPages`/`totalElements` when asked for. */
export type CumulocityPageStatistics = components["schemas"]["CumulocityPageStatistics"];

/** Cumulocity's error body: `error` (`<resource>/<name>`, e.g. `inventory/Not Found`), `message`, `info`. */
export type CumulocityErrorBody = components["schemas"]["CumulocityError"];

/** The `object` part of an upload as the document describes it: `name`, `type` and custom fragments. */
export type CumulocityBinaryInfo = components["schemas"]["CumulocityBinaryInfo"];

/**
 * Filters and paging of a list: `type`, `owner`, `text`, `ids` (sent comma-joined), the child-* filters,
 * `currentPage`, `pageSize` (server default 5, at most 2000), `withTotalPages`, `withTotalElements`.
 */
export type CumulocityListQuery = NonNullable<operations["cumulocityListBinaries"]["parameters"]["query"]>;

/**
 * The managed object sent with an upload. `name` and `type` are filled in from the file when left out; every other
 * property is stored as a custom fragment (e.g. `c8y_Kind: { purpose: "logo" }`).
 */
export interface CumulocityUploadObject {
  /** File name shown in Cumulocity and used in the download's `Content-Disposition`. @default the file's name */
  name?: string | undefined;
  /** Media type of the file. @default the file's content type */
  type?: string | undefined;
  /** Custom fragments. */
  [fragment: string]: unknown;
}

/** What an upload answers: the new binary's managed object, and its URL from `Location`. */
export interface CumulocityUploadResult {
  /** The managed object Cumulocity created for the file. */
  binary: CumulocityBinary;
  /** The `Location` header (the binary's URL); `undefined` when the server sent none. */
  location: string | undefined;
}

/** The Cumulocity paths of the document, as the typed raw client sees them. */
export type CumulocityPaths = Pick<paths, "/inventory/binaries" | "/inventory/binaries/{id}">;
