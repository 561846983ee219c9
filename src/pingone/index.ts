export { type ImageInfo, type ImageType, readImageInfo, sniffImage } from "../binary/image-info.ts";
export * from "../common.ts";
export {
  createPingOneClient,
  PINGONE_REGIONS,
  type PingOneBearerAuth,
  type PingOneClient,
  type PingOneClientBaseOptions,
  type PingOneClientOptions,
  type PingOneRegion,
} from "./client.ts";
export { isPingOneErrorBody } from "./errors.ts";
export type {
  PingOneCallOptions,
  PingOneErrorBody,
  PingOneErrorDetail,
  PingOneImage,
  PingOneImageFormat,
  PingOneUploadOptions,
} from "./types.ts";
