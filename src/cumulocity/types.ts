import type { components, operations, paths } from "../../generated/schema.ts";
import type { ProgressCallback } from "../core/body.ts";
import type { CallOptions } from "../core/pipeline.ts";

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

/**
 * Filters and paging of a list: `type`, `owner`, `text`, `ids` (sent comma-joined), the child-* filters,
 * `currentPage` (where the listing starts), `pageSize` (at most 2000), `withTotalPages`, `withTotalElements`.
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

/** The Cumulocity paths of the document, as the typed raw client sees them. */
export type CumulocityPaths = Pick<paths, "/inventory/binaries" | "/inventory/binaries/{id}">;

/** Options of `upload`. */
export interface CumulocityUploadOptions extends CallOptions {
  /**
   * File name of the `file` part.
   * @default `object.name`, else the input's own name (`File.name`, the path's file name, a Response's
   * Content-Disposition)
   */
  filename?: string | undefined;
  /**
   * Media type of the `file` part (and of `object.type` when that is left out).
   * @default the input's own type (`Blob.type`, the file extension, a Response's Content-Type), else
   * `application/octet-stream`
   */
  contentType?: string | undefined;
  /**
   * Byte length of a stream input, when known: the body then has a known length and the stream errors if it carries
   * a different number of bytes. Blobs, buffers and files know their size.
   */
  size?: number | undefined;
  /**
   * Also send the legacy `filesize` part (the file's byte length) that Cumulocity's old reference guide lists. Current
   * servers and clients leave it out; only an old server that insists on it needs this. Needs a known size.
   * @default false
   */
  legacyFilesize?: boolean | undefined;
  /**
   * Called as the multipart body is sent: `loaded` and `total` count the whole body, a few hundred bytes more than
   * the file. In browsers a Blob goes through XMLHttpRequest to get real progress events.
   */
  onUploadProgress?: ProgressCallback | undefined;
}

/** Options of `download`. */
export interface CumulocityDownloadOptions extends CallOptions {
  /**
   * Part of the file: `{ start, end? }` (byte positions, `end` inclusive, to the end when left out) or `{ suffix }`
   * (the last bytes). The answer is `206` with `Download.range` set; a server that ignores the range answers `200`.
   */
  range?: CumulocityByteRange | undefined;
  /** Called as the body is read, whichever way it is consumed. */
  onDownloadProgress?: ProgressCallback | undefined;
}

/** A byte range to download: `{ start, end? }` (inclusive positions) or `{ suffix }` (that many last bytes). */
export type CumulocityByteRange =
  | {
      /** First byte position, from 0. */
      start: number;
      /** Last byte position, inclusive. @default the end of the file */
      end?: number | undefined;
      /** Not with `start`. */
      suffix?: undefined;
    }
  | {
      /** How many bytes from the end of the file. */
      suffix: number;
      /** Not with `suffix`. */
      start?: undefined;
      /** Not with `suffix`. */
      end?: undefined;
    };

/** Options of `replace`. */
export interface CumulocityReplaceOptions extends CallOptions {
  /**
   * `Content-Type` of the new bytes. Cumulocity has become strict about it (go-c8y-cli #592), so send the file's
   * real type.
   * @default the input's own type, else `application/octet-stream`
   */
  contentType?: string | undefined;
  /** Byte length of a stream input, when known (see `CumulocityUploadOptions.size`). */
  size?: number | undefined;
  /** Called as the new bytes are sent; each retry starts again from 0. */
  onUploadProgress?: ProgressCallback | undefined;
}
