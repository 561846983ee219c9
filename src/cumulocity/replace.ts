import { prepareUpload } from "../binary/prepare-upload.ts";
import { toUploadBody, type UploadInput } from "../binary/upload-input.ts";
import { anySignal } from "../core/any-signal.ts";
import { binaryUrl, type CumulocityContext, callError, checkBinaryId } from "./context.ts";
import { ACCEPT_MANAGED_OBJECT } from "./media-types.ts";
import type { CumulocityReplaceOptions } from "./request-options.ts";
import { requireManagedObject } from "./require-body.ts";
import type { CumulocityBinary } from "./types.ts";

/**
 * Replaces a file's bytes (`cumulocityReplaceBinary`) with the raw body under its real `Content-Type`, and returns the
 * updated managed object (Cumulocity answers `201`). PUT is idempotent, so a body that can be sent again (a Blob,
 * bytes, a file) is retried after a network error or a 408/429/5xx answer; a stream is sent once.
 */
export async function replaceBinary(
  context: CumulocityContext,
  id: string,
  input: UploadInput,
  options: CumulocityReplaceOptions = {},
): Promise<CumulocityBinary> {
  checkBinaryId(id);
  const signal = anySignal([context.signal, options.signal]);
  const request = { method: "PUT", url: binaryUrl(context, id) };
  try {
    signal.throwIfAborted();
    const upload = await toUploadBody(input, { type: options.contentType, size: options.size, signal });
    // go-c8y sends application/octet-stream for a replacement whose type it does not know; the server refuses a
    // body whose Content-Type misstates it (go-c8y-cli #592), and octet-stream claims nothing.
    const contentType = upload.type ?? "application/octet-stream";
    const prepared = prepareUpload(upload, {
      onUploadProgress: options.onUploadProgress,
      timeout: options.timeout,
      transportWith: (overrides) => context.core.transportWith(overrides),
    });
    const send = () =>
      context.core.raw.PUT("/inventory/binaries/{id}", {
        params: { path: { id } },
        headers: { Accept: ACCEPT_MANAGED_OBJECT, ...options.headers, "Content-Type": contentType },
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...prepared.attempt(),
      });
    const result = await context.core.withRetries(send, {
      method: "PUT",
      streamingBody: !prepared.replayable,
      signal: options.signal,
    });
    return requireManagedObject(context, context.core.expectData(result), result.response);
  } catch (error) {
    throw callError(error, signal, context, request);
  }
}
