import type { UploadBody } from "../upload-input.ts";

/** Where a saved download ended up. */
export interface SavedFile {
  /** The target path, as given (a `file:` URL converted to a path). */
  path: string;
  /** Bytes written. */
  size: number;
}

/**
 * What the binary helpers need from the runtime's file system. `#platform` resolves to the Node implementation
 * (Node, Bun and Deno match the `node` export condition) or to the web one (browsers), so `node:fs` never reaches a
 * browser bundle.
 */
export interface BinaryPlatform {
  /** `node` when a file system is there, `web` otherwise. */
  readonly kind: "node" | "web";
  /** Opens a file as a lazy upload body (size known, never read into memory). */
  openFile(path: string | URL, type: string | undefined): Promise<UploadBody>;
  /**
   * Streams into `<dir>/.<name>.<random>.part`, fsyncs, renames onto `path`; on any failure removes the temporary file
   * and rejects, so an interrupted download never leaves a file that looks complete. `openStream` is called only once
   * the runtime is known to support files, so an unsupported call leaves the body unread.
   */
  writeFileAtomically(
    openStream: () => ReadableStream<Uint8Array>,
    path: string | URL,
    signal: AbortSignal | undefined,
  ): Promise<SavedFile>;
}
