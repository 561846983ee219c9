export * from "../common.ts";
export type { CumulocityAuth, CumulocityBasicAuth, CumulocityBearerAuth } from "./auth.ts";
export { type CumulocityClient, type CumulocityClientOptions, createCumulocityClient } from "./client.ts";
export { isCumulocityErrorBody } from "./errors.ts";
export type {
  CumulocityBinary,
  CumulocityBinaryCollection,
  CumulocityByteRange,
  CumulocityDownloadOptions,
  CumulocityErrorBody,
  CumulocityListQuery,
  CumulocityPageStatistics,
  CumulocityReplaceOptions,
  CumulocityUploadObject,
  CumulocityUploadOptions,
} from "./types.ts";
