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
export { type ImageInfo, type ImageType, peekImageInfo, readImageInfo, sniffImage } from "./binary/image-info.ts";
export {
  createMultipartBody,
  type MultipartBody,
  type MultipartOptions,
  type MultipartPart,
} from "./binary/multipart.ts";
/* Errors, Download, listings, options */
export * from "./common.ts";
/* Clients */
export {
  type CumulocityAuth,
  type CumulocityClient,
  type CumulocityClientOptions,
  createCumulocityClient,
} from "./cumulocity/index.ts";
export {
  createFourDClient,
  type FourDClient,
  type FourDClientOptions,
  type FourDFilterValue,
  type FourDSessionAuth,
  fourDFilter,
  quoteFourDValue,
} from "./fourd/index.ts";
export {
  createHdapClient,
  dnToPath,
  escapeDnValue,
  formatDn,
  type HdapAuth,
  type HdapClient,
  type HdapClientOptions,
  parseDn,
  pathToDn,
} from "./hdap/index.ts";
export {
  createPingOneClient,
  type PingOneBearerAuth,
  type PingOneClient,
  type PingOneClientOptions,
} from "./pingone/index.ts";
