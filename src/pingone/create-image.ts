import { prepareUpload } from "../binary/prepare-upload.ts";
import { toUploadBody, type UploadInput } from "../binary/upload-input.ts";
import { anySignal } from "../core/any-signal.ts";
import { AbortError, isBytewireError } from "../core/errors.ts";
import { expectPingOneData, type PingOneContext, resolveEnvironmentId } from "./context.ts";
import { type CheckedImage, checkImageUpload } from "./image-check.ts";
import { imageContentDisposition } from "./image-disposition.ts";
import { retryRateLimited } from "./rate-limit-retry.ts";
import { type PingOneCreateImageOptions, transactionHeader } from "./request-options.ts";
import type { PingOneImage } from "./types.ts";

/**
 * Uploads an image (`pingOneCreateImage`) after checking it locally, then sends it as the raw body with the type read
 * from its bytes and its file name in `Content-Disposition`. Retried only after a 429 with `Retry-After`, and only
 * when the body can be sent whole again (see retryRateLimited).
 */
export async function createImage(
  context: PingOneContext,
  input: UploadInput,
  options: PingOneCreateImageOptions = {},
): Promise<PingOneImage> {
  const envID = resolveEnvironmentId(context, options.environmentId);
  const signal = anySignal([context.signal, options.signal]);
  const abortError = () =>
    new AbortError({
      api: "pingone",
      method: "POST",
      url: `${context.baseUrl}/environments/${encodeURIComponent(envID)}/images`,
      redactor: context.core.redactor,
      cause: signal.reason,
    });

  let image: CheckedImage;
  try {
    signal.throwIfAborted();
    const upload = await toUploadBody(input, { name: options.filename, size: options.size, signal });
    image = await checkImageUpload(upload, context.maxImageBytes);
  } catch (error) {
    // toUploadBody and the stream reads reject with the signal's own reason; callers catch bytewire's AbortError.
    throw signal.aborted && !isBytewireError(error) ? abortError() : error;
  }

  const prepared = prepareUpload(image, {
    onUploadProgress: options.onUploadProgress,
    timeout: options.timeout,
    transportWith: (overrides) => context.core.transportWith(overrides),
  });
  const disposition = imageContentDisposition(image.name);
  const header = {
    ...transactionHeader(options),
    ...(disposition === undefined ? {} : { "Content-Disposition": disposition }),
  };

  const send = () =>
    context.core.raw.POST("/environments/{envID}/images", {
      params: { path: { envID }, header },
      // PingOne stores what the bytes are, so the header says the same whatever a File's type or extension claims.
      headers: { ...options.headers, "Content-Type": image.info.mediaType },
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...prepared.attempt(),
    });

  try {
    const result = prepared.replayable
      ? await retryRateLimited(send, { maxRetries: context.maxRetries, signal })
      : await send();
    return expectPingOneData(context, result);
  } catch (error) {
    const overLimit = image.overLimitError();
    if (overLimit !== undefined) {
      throw overLimit;
    }
    throw signal.aborted && !isBytewireError(error) ? abortError() : error;
  }
}
