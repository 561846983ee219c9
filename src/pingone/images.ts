import { callInit } from "../core/call-init.ts";
import { checkImageId, expectPingOneData, type PingOneContext, resolveEnvironmentId } from "./context.ts";
import { type PingOneRequestOptions, transactionHeader } from "./request-options.ts";
import type { PingOneImage } from "./types.ts";

/** Reads an image's metadata (`pingOneReadImage`); retried by the transport on 429/5xx/network errors. */
export async function readImage(
  context: PingOneContext,
  imageId: string,
  options: PingOneRequestOptions = {},
): Promise<PingOneImage> {
  checkImageId(imageId);
  const envID = resolveEnvironmentId(context, options.environmentId);
  const result = await context.core.raw.GET("/environments/{envID}/images/{imageID}", {
    params: { path: { envID, imageID: imageId }, header: transactionHeader(options) },
    ...callInit(context.core, options),
  });
  return expectPingOneData(context, result);
}

/** Deletes an image (`pingOneDeleteImage`); DELETE is idempotent, so the transport retries it like a read. */
export async function deleteImage(
  context: PingOneContext,
  imageId: string,
  options: PingOneRequestOptions = {},
): Promise<void> {
  checkImageId(imageId);
  const envID = resolveEnvironmentId(context, options.environmentId);
  const result = await context.core.raw.DELETE("/environments/{envID}/images/{imageID}", {
    params: { path: { envID, imageID: imageId }, header: transactionHeader(options) },
    ...callInit(context.core, options),
  });
  expectPingOneData(context, result);
}
