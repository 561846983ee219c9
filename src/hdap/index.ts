export * from "../common.ts";
export type {
  HdapAccount,
  HdapAuth,
  HdapBasicAuth,
  HdapBearerAuth,
  HdapPasswordAuth,
  HdapToken,
} from "./auth.ts";
export { createHdapClient, DEFAULT_MAX_BINARY_BYTES, type HdapClient, type HdapClientOptions } from "./client.ts";
export { escapeDnValue, formatDn, type HdapAva, type HdapRdn, parseDn } from "./dn.ts";
export { dnToPath, type HdapEntryRef, pathToDn } from "./dn-path.ts";
export { isHdapErrorBody } from "./errors.ts";
export type {
  HdapAttributeValue,
  HdapCallOptions,
  HdapConditionalOptions,
  HdapDeleteOptions,
  HdapDownloadOptions,
  HdapEntry,
  HdapEntryWrite,
  HdapErrorBody,
  HdapGetOptions,
  HdapListOptions,
  HdapPatchOperation,
  HdapQueryResult,
  HdapScope,
  HdapTotalPagedResultsPolicy,
  HdapUploadOptions,
  HdapWriteOptions,
} from "./types.ts";
