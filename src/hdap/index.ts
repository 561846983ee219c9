export { InvalidInputError, isInvalidInputError } from "../binary/invalid-input-error.ts";
export type { Progress, ProgressCallback } from "../binary/progress.ts";
export type { UploadInput } from "../binary/upload-input.ts";
export type { TokenSource } from "../core/auth.ts";
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
export type { HdapAccount, HdapAuth, HdapBasicAuth, HdapBearerAuth, HdapPasswordAuth } from "./auth.ts";
export type { HdapToken } from "./authenticate.ts";
export { DEFAULT_MAX_BINARY_BYTES } from "./base64-json-body.ts";
export type { HdapReadBinaryOptions, HdapWriteBinaryOptions } from "./binary-attributes.ts";
export type { HdapCallOptions } from "./call-options.ts";
export { createHdapClient, type HdapClient, type HdapClientOptions } from "./client.ts";
export { escapeDnValue, formatDn, type HdapAva, type HdapRdn, parseDn } from "./dn.ts";
export { dnToPath, pathToDn, pathToRdns, rdnsToPath } from "./dn-path.ts";
export type {
  HdapConditionalOptions,
  HdapDeleteOptions,
  HdapReadOptions,
  HdapWriteOptions,
} from "./entries.ts";
export type { HdapEntryRef } from "./entry-ref.ts";
export { describeHdapError, HDAP_REQUEST_ID_HEADERS, isHdapErrorBody } from "./errors.ts";
export { hdapPathSerializer } from "./path-serializer.ts";
export type { HdapQueryOptions, HdapQueryPage } from "./query.ts";
export type {
  HdapAccessTokenResponse,
  HdapAttributeValue,
  HdapEntry,
  HdapEntryWrite,
  HdapErrorBody,
  HdapPatchOperation,
  HdapPaths,
  HdapQueryResult,
  HdapScope,
  HdapTotalPagedResultsPolicy,
} from "./types.ts";
