import type { components } from "../../generated/schema.ts";
import type { ProgressCallback } from "../binary/progress.ts";

/** Options every 4D call accepts. */
export interface FourDRequestOptions {
  /** Aborts this call (a retry's wait and a body still being read included). */
  signal?: AbortSignal | undefined;
  /** Milliseconds until the response headers must arrive, sending included. @default the client's `timeout` */
  timeout?: number | undefined;
  /** Extra request headers; those the call sets itself (Content-Type) win. */
  headers?: Record<string, string> | undefined;
}

/** The format to receive a picture in (`$imageformat`): `best` sends it as stored; 4D converts to the others. */
export type FourDImageFormat = components["parameters"]["FourDImageFormat"];

/** Options of `downloadAttribute` and `downloadFromSelection`. */
export interface FourDDownloadOptions extends FourDRequestOptions {
  /** A picture's format; without it a picture comes as stored (`$binary=true`). */
  imageFormat?: FourDImageFormat | undefined;
  /** The picture's version from its `__deferred.uri` (`$version`): only changes the URL, for caches. */
  version?: number | undefined;
  /** Called as the body is read; `total` is the Content-Length when sent. */
  onDownloadProgress?: ProgressCallback | undefined;
}

/** Which upload flag 4D gets: `$rawPict=true` for a picture attribute, `$binary=true` for a BLOB. */
export type FourDUploadKind = "picture" | "blob";

/** Options of `upload` and `uploadToAttribute`. */
export interface FourDUploadOptions extends FourDRequestOptions {
  /**
   * What the attribute holds.
   * @default "picture" when the content type is `image/*`, else "blob"
   */
  kind?: FourDUploadKind | undefined;
  /**
   * Content-Type of the file; 4D reads a picture by it.
   * @default the input's own type (`Blob.type`, the file extension, a Response's Content-Type), else
   * `application/octet-stream`
   */
  contentType?: string | undefined;
  /**
   * Byte length of a stream input, when known: the body then has a known length and the stream errors if it carries
   * a different number of bytes.
   */
  size?: number | undefined;
  /** Seconds 4D keeps the file for the update (`$timeout`). @default 4D's 120 */
  uploadTimeout?: number | undefined;
  /** Called as the file is sent; `total` is the size when known. */
  onUploadProgress?: ProgressCallback | undefined;
}

/** Options of `uploadToAttribute`. */
export interface FourDUploadToAttributeOptions extends FourDUploadOptions {
  /**
   * The entity's `__STAMP` as you last read it: the update fails with errCode 1263 if someone saved it since.
   * @default the current stamp, read just before the update (last writer wins)
   */
  stamp?: number | undefined;
}

/** Options of `listEntities`. */
export interface FourDListOptions extends FourDRequestOptions {
  /** A query string such as {@link fourDFilter} builds (`department = 'HR'`); the client adds the outer quotes. */
  filter?: string | undefined;
  /** `lastName asc, firstName desc` (`$orderby`). */
  orderBy?: string | undefined;
  /** Most entities to send (`$top`). @default 4D's 100 */
  top?: number | undefined;
  /** Entities to skip (`$skip`). */
  skip?: number | undefined;
  /** Only these attributes (`$attributes`). */
  attributes?: readonly string[] | undefined;
}

/** Options of `getEntity`. */
export interface FourDGetEntityOptions extends FourDRequestOptions {
  /** Only these attributes (`$attributes`). */
  attributes?: readonly string[] | undefined;
}
