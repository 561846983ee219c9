/** A request body ready to send, with what is known about it. Produced by `toUploadBody`. */
export interface UploadBody {
  /** A Blob (lazy, re-readable: file-backed in Node) or a one-shot stream. */
  body: Blob | ReadableStream<Uint8Array>;
  /** Length in bytes when known: always for a Blob, for a stream only when declared (Content-Length, `size`). */
  size: number | undefined;
  /** Media type when known (explicit option, Blob type, Content-Type, file extension). */
  type: string | undefined;
  /** File name when known (explicit option, `File.name`, Content-Disposition, file path). */
  name: string | undefined;
  /** True when the body can be sent again (a Blob); a stream is consumed by the first attempt, so never retry it. */
  replayable: boolean;
}
