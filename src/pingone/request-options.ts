import type { ProgressCallback } from "../binary/progress.ts";

/** Options every PingOne call accepts. */
export interface PingOneRequestOptions {
  /** The environment that owns the image. @default the client's `environmentId` */
  environmentId?: string | undefined;
  /** Aborts this call (waits for a retry included). */
  signal?: AbortSignal | undefined;
  /** Milliseconds until the response headers must arrive, sending included. @default the client's `timeout` */
  timeout?: number | undefined;
  /** Extra request headers; those the call sets itself (Content-Type, Content-Disposition) win. */
  headers?: Record<string, string> | undefined;
  /** Sent as `X-Ping-External-Transaction-ID` (at most 100 characters): your own id, recorded in PingOne's audit. */
  transactionId?: string | undefined;
}

/** Options of `createImage`. */
export interface PingOneCreateImageOptions extends PingOneRequestOptions {
  /**
   * File name for `Content-Disposition`. Only its last path segment is used.
   * @default the input's own name (`File.name`, the path's file name, a Response's Content-Disposition); without one
   * no Content-Disposition is sent
   */
  filename?: string | undefined;
  /**
   * Byte length of a stream input, when known: a larger one is then rejected before sending, and the stream errors
   * if it carries a different number of bytes. Blobs, buffers and files know their size.
   */
  size?: number | undefined;
  /** Called as the image is sent; `total` is the size when known. */
  onUploadProgress?: ProgressCallback | undefined;
}

/** The documented optional header of every PingOne images operation. */
export interface TransactionHeader {
  "X-Ping-External-Transaction-ID"?: string;
}

/** `params.header` for the transaction id, empty without one. */
export function transactionHeader(options: PingOneRequestOptions): TransactionHeader {
  return options.transactionId === undefined ? {} : { "X-Ping-External-Transaction-ID": options.transactionId };
}
