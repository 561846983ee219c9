import type { components, paths } from "../../generated/schema.ts";
import type { ProgressCallback } from "../core/body.ts";
import type { CallOptions } from "../core/pipeline.ts";

/** Metadata of a stored image: `id`, `createdAt`, and `targets.original` with its public `href`, type and size. */
export type PingOneImage = components["schemas"]["PingOneImage"];

/** The format PingOne read from an image's bytes: `png`, `jpg` or `gif` (note `jpg`, not `jpeg`). */
export type PingOneImageFormat = components["schemas"]["PingOneImageFormat"];

/** PingOne's error body (`P1Error`): `id` for support, `code` to branch on, `message`, optional `details`. */
export type PingOneErrorBody = components["schemas"]["PingOneError"];

/** One entry of `P1Error.details`: which field (`target`) broke which rule (`code`, `innerError`). */
export type PingOneErrorDetail = components["schemas"]["PingOneErrorDetail"];

/** The PingOne paths of the document, as the typed raw client sees them (relative to the `/v1` base URL). */
export type PingOnePaths = Pick<paths, "/environments/{envID}/images" | "/environments/{envID}/images/{imageID}">;

/** Options every PingOne call accepts. */
export interface PingOneCallOptions extends CallOptions {
  /** The environment that owns the image. @default the client's `environmentId` */
  environmentId?: string | undefined;
  /** Sent as `X-Ping-External-Transaction-ID` (at most 100 characters): your own id, recorded in PingOne's audit. */
  transactionId?: string | undefined;
}

/** Options of `upload`. */
export interface PingOneUploadOptions extends PingOneCallOptions {
  /**
   * File name for `Content-Disposition`. Only its last path segment is used.
   * @default the input's own name (`File.name`, the path's file name, a Response's Content-Disposition); without one
   * no Content-Disposition is sent
   */
  filename?: string | undefined;
  /**
   * Byte length of a stream input, when known: a larger one is then rejected before sending, and the stream errors
   * if it carries a different number of bytes. Blobs, buffers and files know their size.
   */
  size?: number | undefined;
  /** Called as the image is sent; `total` is the size when known. */
  onUploadProgress?: ProgressCallback | undefined;
}
