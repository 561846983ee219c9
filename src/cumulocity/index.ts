export { Download, type DownloadOptions, type SaveToOptions } from "../binary/download.ts";
export { InvalidInputError, isInvalidInputError } from "../binary/invalid-input-error.ts";
export type { Progress, ProgressCallback } from "../binary/progress.ts";
export type { UploadInput } from "../binary/upload-input.ts";
export type { ClientOptions } from "../core/client.ts";
export {
  AbortError,
  ApiError,
  BytewireError,
  isAbortError,
  isApiError,
  isNetworkError,
  isTimeoutError,
  NetworkError,
  TimeoutError,
} from "../core/errors.ts";
export type { CumulocityAuth, CumulocityBasicAuth, CumulocityBearerAuth } from "./auth.ts";
export { cumulocityUserName } from "./auth.ts";
export { rangeHeader } from "./byte-range.ts";
export type { CumulocityClient, CumulocityClientOptions } from "./client.ts";
export { createCumulocityClient } from "./client.ts";
export { CUMULOCITY_REQUEST_ID_HEADERS, describeCumulocityError, isCumulocityErrorBody } from "./errors.ts";
export { DEFAULT_ITERATION_PAGE_SIZE } from "./list.ts";
export { CUMULOCITY_MEDIA_TYPES } from "./media-types.ts";
export type {
  CumulocityByteRange,
  CumulocityDownloadOptions,
  CumulocityListOptions,
  CumulocityReplaceOptions,
  CumulocityRequestOptions,
  CumulocityUploadOptions,
} from "./request-options.ts";
export type {
  CumulocityBinary,
  CumulocityBinaryCollection,
  CumulocityBinaryInfo,
  CumulocityErrorBody,
  CumulocityListQuery,
  CumulocityPageStatistics,
  CumulocityPaths,
  CumulocityUploadObject,
  CumulocityUploadResult,
} from "./types.ts";
