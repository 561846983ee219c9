import type { components, paths } from "../../generated/schema.ts";
import type { ProgressCallback } from "../core/body.ts";
import type { CallOptions } from "../core/pipeline.ts";

/** The 4D REST paths of the document, as the typed raw client sees them (relative to the server root). */
export type FourDPaths = Pick<
  paths,
  | "/rest/{dataClass}"
  | "/rest/{dataClass}({key})"
  | "/rest/{dataClass}({key})/{attribute}"
  | "/rest/$upload"
  | "/rest/$directory/login"
  | "/rest/$directory/logout"
>;

/** One entity: `__KEY` (a string), `__STAMP` (send it back to update), then its attributes. */
export type FourDEntity = components["schemas"]["FourDEntity"];

/** A page of a dataclass: `__COUNT` (the whole selection), `__FIRST`, `__SENT` and the `__ENTITIES`. */
export type FourDEntityCollection = components["schemas"]["FourDEntityCollection"];

/** An entity that `$method=update` saved: its key and its new `__STAMP`. */
export type FourDUpdatedEntity = components["schemas"]["FourDSavedEntity"] & { __KEY: string; __STAMP: number };

/** 4D's error body: `{ __ERROR: [{ message, componentSignature, errCode }] }`. */
export type FourDErrorBody = components["schemas"]["FourDError"];

/** One item of `__ERROR`; `errCode` is the number to branch on (1263: stale stamp, 1800: no such dataclass...). */
export type FourDErrorItem = components["schemas"]["FourDErrorItem"];

/**
 * A primary key: a number (`User(5)`) or a string (`Company("IT0911AB2200")`); the client adds the double quotes a
 * string key needs in the URL.
 */
export type FourDKey = number | string;

/** One entity of a dataclass. */
export interface FourDEntityRef {
  /** The dataclass, case-sensitive as in the model. @example "User" */
  dataClass: string;
  /** The entity's primary key. @example 5 */
  key: FourDKey;
}

/** A picture or BLOB attribute of one entity. */
export interface FourDAttributeRef extends FourDEntityRef {
  /** The attribute's name, case-sensitive. @example "profilePicture" */
  attribute: string;
}

/** How a selection of a dataclass is narrowed and ordered. */
export interface FourDSelection {
  /** A query string such as {@link fourDFilter} builds (`department = 'HR'`); the client adds the outer quotes. */
  filter?: string | undefined;
  /** `lastName asc, firstName desc` (`$orderby`). */
  orderBy?: string | undefined;
  /** Entities to skip (`$skip`): where the selection starts. */
  skip?: number | undefined;
}

/** A selection of a dataclass whose first entity's attribute is downloaded (the seed's `$filter` + `$binary` form). */
export interface FourDSelectionAttribute extends FourDSelection {
  /** The dataclass. @example "User" */
  dataClass: string;
  /** The picture or BLOB attribute to download. @example "profilePicture" */
  attribute: string;
}

/** The format to receive a picture in (`$imageformat`): `best` sends it as stored; 4D converts to the others. */
export type FourDImageFormat = components["parameters"]["FourDImageFormat"];

/** Options of `download` and `downloadFirst`. */
export interface FourDDownloadOptions extends CallOptions {
  /** A picture's format; without it a picture comes as stored (`$binary=true`). */
  imageFormat?: FourDImageFormat | undefined;
  /** The picture's version from its `__deferred.uri` (`$version`): only changes the URL, for caches. */
  version?: number | undefined;
  /** Called as the body is read; `total` is the Content-Length when sent. */
  onDownloadProgress?: ProgressCallback | undefined;
}

/** Which upload flag 4D gets: `$rawPict=true` for a picture attribute, `$binary=true` for a BLOB. */
export type FourDUploadKind = "picture" | "blob";

/** Options of `uploadFile` and `upload`. */
export interface FourDUploadFileOptions extends CallOptions {
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

/** Options of `upload`. */
export interface FourDUploadOptions extends FourDUploadFileOptions {
  /**
   * The entity's `__STAMP` as you last read it: the update fails (kind `precondition_failed`, errCode 1263) if
   * someone saved it since.
   * @default the current stamp, read just before the update (last writer wins)
   */
  stamp?: number | undefined;
}

/** Options of `list`. */
export interface FourDListOptions extends CallOptions, FourDSelection {
  /** Entities per request (`$top`). @default 100 */
  pageSize?: number | undefined;
  /** Only these attributes (`$attributes`). */
  attributes?: readonly string[] | undefined;
}

/** Options of `get`. */
export interface FourDGetOptions extends CallOptions {
  /** Only these attributes (`$attributes`). */
  attributes?: readonly string[] | undefined;
}
