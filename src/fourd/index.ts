export * from "../common.ts";
export { createFourDClient, type FourDClient, type FourDClientOptions } from "./client.ts";
export { isFourDErrorBody } from "./errors.ts";
export { type FourDFilterValue, fourDFilter, quoteFourDValue } from "./filter.ts";
export type { FourDSessionAuth } from "./session.ts";
export type {
  FourDAttributeRef,
  FourDDownloadOptions,
  FourDEntity,
  FourDEntityCollection,
  FourDEntityRef,
  FourDErrorBody,
  FourDErrorItem,
  FourDGetOptions,
  FourDImageFormat,
  FourDKey,
  FourDListOptions,
  FourDSelection,
  FourDSelectionAttribute,
  FourDUpdatedEntity,
  FourDUploadFileOptions,
  FourDUploadKind,
  FourDUploadOptions,
} from "./types.ts";
