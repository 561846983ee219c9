import { InvalidInputError } from "../../core/errors.ts";
import type { BinaryPlatform } from "./binary-platform.ts";

/** The browser side of `#platform`: no file system, so file paths and `saveTo` explain what to use instead. */
export const platform: BinaryPlatform = {
  kind: "web",
  openFile: () =>
    Promise.reject(
      new InvalidInputError(
        "UNSUPPORTED_INPUT",
        "A file path (string or URL) can only be uploaded in Node, Bun or Deno; in a browser pass a File or Blob " +
          "(for example from an <input type=file>).",
      ),
    ),
  writeFileAtomically: () =>
    Promise.reject(
      new InvalidInputError(
        "UNSUPPORTED_RUNTIME",
        "saveTo() needs a file system (Node, Bun or Deno); in a browser use blob() or stream() instead.",
      ),
    ),
};

/** Browsers have no `Buffer`: base64 goes through `Uint8Array.fromBase64` or the tables (see base64-buffer.ts). */
export const createBufferCodec: typeof import("../base64-buffer.ts").createBufferCodec | undefined = undefined;
