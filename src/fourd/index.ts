export type { Download } from "../binary/download.ts";
export { InvalidInputError, isInvalidInputError } from "../binary/invalid-input-error.ts";
export type { Progress, ProgressCallback } from "../binary/progress.ts";
export type { UploadInput } from "../binary/upload-input.ts";
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
export type { FourDClient, FourDClientOptions } from "./client.ts";
export { createFourDClient } from "./client.ts";
export type { FourDSelectionAttribute } from "./download.ts";
export { describeFourDError, isFourDErrorBody } from "./errors.ts";
export { type FourDFilterValue, fourDFilter, quoteFourDValue } from "./filter.ts";
export type {
  FourDDownloadOptions,
  FourDGetEntityOptions,
  FourDImageFormat,
  FourDListOptions,
  FourDRequestOptions,
  FourDUploadKind,
  FourDUploadOptions,
  FourDUploadToAttributeOptions,
} from "./request-options.ts";
export type {
  FourDAttributeRef,
  FourDEntity,
  FourDEntityCollection,
  FourDEntityRef,
  FourDErrorBody,
  FourDErrorItem,
  FourDKey,
  FourDPaths,
  FourDSavedEntity,
  FourDUpdatedEntity,
} from "./types.ts";
