export type { ImageInfo, ImageType } from "../binary/image-info.ts";
export { readImageInfo, sniffImage } from "../binary/image-info.ts";
export { InvalidInputError, isInvalidInputError } from "../binary/invalid-input-error.ts";
export type { Progress, ProgressCallback } from "../binary/progress.ts";
export type { UploadInput } from "../binary/upload-input.ts";
export type { TokenSource } from "../core/auth.ts";
export {
  AbortError,
  ApiError,
  isAbortError,
  isApiError,
  isNetworkError,
  isTimeoutError,
  NetworkError,
  TimeoutError,
} from "../core/errors.ts";
export type {
  PingOneClient,
  PingOneClientBaseOptions,
  PingOneClientOptions,
} from "./client.ts";
export { createPingOneClient } from "./client.ts";
export {
  describePingOneError,
  isPingOneErrorBody,
  PINGONE_REQUEST_ID_HEADERS,
  pingOneRequestId,
} from "./errors.ts";
export { PINGONE_MAX_IMAGE_BYTES } from "./image-check.ts";
export { imageContentDisposition } from "./image-disposition.ts";
export type { PingOneRegion } from "./regions.ts";
export { PINGONE_REGIONS, pingOneBaseUrl } from "./regions.ts";
export type { PingOneCreateImageOptions, PingOneRequestOptions } from "./request-options.ts";
export type {
  PingOneErrorBody,
  PingOneErrorDetail,
  PingOneImage,
  PingOneImageFormat,
  PingOnePaths,
} from "./types.ts";
