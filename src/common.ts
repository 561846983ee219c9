// The vocabulary every entry point shares: the error tree, the Download every binary read returns, listings,
// progress, upload inputs and the options every client and call take. Each entry re-exports it whole.

export { Download, type SaveToOptions } from "./binary/download.ts";
export type { SavedFile } from "./binary/platform/binary-platform.ts";
export type { UploadInput } from "./binary/upload-input.ts";
export { ApiError } from "./core/api-error.ts";
export type { TokenSource } from "./core/auth.ts";
export type { Progress, ProgressCallback } from "./core/body.ts";
export type { ClientOptions } from "./core/client.ts";
export {
  AbortError,
  type ApiName,
  BytewireError,
  type ErrorKind,
  InvalidInputError,
  InvalidResponseError,
  isAbortError,
  isApiError,
  isBytewireError,
  isInvalidInputError,
  isInvalidResponseError,
  isNetworkError,
  isTimeoutError,
  NetworkError,
  TimeoutError,
} from "./core/errors.ts";
export type { Listing } from "./core/listing.ts";
export type { Logger, LogLevel, LogLevelSetting, RequestLogEntry } from "./core/logger.ts";
export type { CallOptions } from "./core/pipeline.ts";
