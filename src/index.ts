// bytewire: typed clients for PingDS HDAP, 4D REST, Cumulocity inventory binaries and PingOne images, and the
// API-agnostic helpers they share. Each API is also importable alone (`bytewire/hdap`, ...); with `sideEffects:
// false` and these named exports, a bundler keeps only the APIs an app uses.

/* Binary helpers */
export { decodeBase64, encodeBase64, isBase64 } from "./binary/base64.ts";
export { createBase64DecoderStream, createBase64EncoderStream, encodeBase64Stream } from "./binary/base64-stream.ts";
export {
  type ContentDisposition,
  type ContentDispositionInit,
  formatContentDisposition,
  parseContentDisposition,
  sanitizeFilename,
} from "./binary/content-disposition.ts";
export type { ByteRange } from "./binary/content-range.ts";
export { Download, type DownloadOptions, type SaveToOptions } from "./binary/download.ts";
export { type ImageInfo, type ImageType, peekImageInfo, readImageInfo, sniffImage } from "./binary/image-info.ts";
export { InvalidInputError, isInvalidInputError } from "./binary/invalid-input-error.ts";
export {
  createMultipartBody,
  type MultipartBody,
  type MultipartOptions,
  type MultipartPart,
} from "./binary/multipart.ts";
export type { Progress, ProgressCallback } from "./binary/progress.ts";
export type { UploadBody } from "./binary/upload-body.ts";
export { toUploadBody, type UploadBodyOptions, type UploadInput } from "./binary/upload-input.ts";
/* Options shared by every client */
export type { TokenSource } from "./core/auth.ts";
export type { ClientOptions } from "./core/client.ts";
/* Errors */
export {
  AbortError,
  ApiError,
  type ApiName,
  BytewireError,
  isAbortError,
  isApiError,
  isBytewireError,
  isNetworkError,
  isTimeoutError,
  NetworkError,
  TimeoutError,
} from "./core/errors.ts";
export type { Logger, LogLevel, RequestLogEntry } from "./core/logger.ts";
/* Clients */
export { type CumulocityClient, type CumulocityClientOptions, createCumulocityClient } from "./cumulocity/index.ts";
export {
  createFourDClient,
  type FourDClient,
  type FourDClientOptions,
  type FourDFilterValue,
  fourDFilter,
  quoteFourDValue,
} from "./fourd/index.ts";
/* PingDS HDAP DN helpers */
export {
  createHdapClient,
  dnToPath,
  escapeDnValue,
  formatDn,
  type HdapClient,
  type HdapClientOptions,
  parseDn,
  pathToDn,
} from "./hdap/index.ts";
export { createPingOneClient, type PingOneClient, type PingOneClientOptions } from "./pingone/index.ts";
