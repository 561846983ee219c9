import { prepareUpload } from "../binary/prepare-upload.ts";
import { toUploadBody, type UploadInput } from "../binary/upload-input.ts";
import { anySignal } from "../core/any-signal.ts";
import { callInit } from "../core/call-init.ts";
import { ApiError } from "../core/errors.ts";
import { callError, type FourDContext, restUrl } from "./context.ts";
import { getEntity } from "./entities.ts";
import { isFourDErrorBody } from "./errors.ts";
import { checkName, formatKey } from "./key.ts";
import type { FourDUploadOptions, FourDUploadToAttributeOptions } from "./request-options.ts";
import type { FourDAttributeRef, FourDUpdatedEntity } from "./types.ts";

/**
 * Sends a file to `$upload` (`fourDUpload`) as the raw body, streamed, and returns the ID 4D keeps it under until an
 * update assigns it (120 s by default). POST is never retried; after a 401 with credentials the client logs in again,
 * and a file that can be sent again (a Blob, bytes, a path) is sent once more.
 */
export async function upload(
  context: FourDContext,
  input: UploadInput,
  options: FourDUploadOptions = {},
): Promise<string> {
  const signal = anySignal([context.signal, options.signal]);
  const request = { method: "POST", url: restUrl(context, "$upload") };
  try {
    signal.throwIfAborted();
    const file = await toUploadBody(input, { type: options.contentType, size: options.size, signal });
    const contentType = file.type ?? "application/octet-stream";
    const kind = options.kind ?? (contentType.toLowerCase().startsWith("image/") ? "picture" : "blob");
    const prepared = prepareUpload(file, {
      onUploadProgress: options.onUploadProgress,
      timeout: options.timeout,
      transportWith: (overrides) => context.core.transportWith(overrides),
    });
    const send = () =>
      context.core.raw.POST("/rest/$upload", {
        params: {
          query: {
            ...(kind === "picture" ? { $rawPict: true } : { $binary: true }),
            ...(options.uploadTimeout === undefined ? {} : { $timeout: options.uploadTimeout }),
          },
        },
        headers: { ...options.headers, "Content-Type": contentType },
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...prepared.attempt(),
      });
    let result = await send();
    if (result.response.status === 401 && prepared.replayable && context.session.automatic) {
      await context.session.login();
      result = await send();
    }
    return context.core.expectData(result).ID;
  } catch (error) {
    throw callError(error, signal, context, request);
  }
}

/**
 * Fills a picture or BLOB attribute: `$upload` the file, then `$method=update` with the entity's `__KEY`, `__STAMP`
 * and `{"ID": ...}`. Without `options.stamp` the current stamp is read first. 4D answers a failed save with `200` and
 * the entity's own `__ERROR`; that becomes an {@link ApiError} (code `"1263"` for a stale stamp).
 */
export async function uploadToAttribute(
  context: FourDContext,
  ref: FourDAttributeRef,
  input: UploadInput,
  options: FourDUploadToAttributeOptions = {},
): Promise<FourDUpdatedEntity> {
  const dataClass = checkName("dataclass", ref.dataClass);
  const attribute = checkName("attribute", ref.attribute);
  formatKey(ref.key);
  const signal = anySignal([context.signal, options.signal]);
  const request = { method: "POST", url: restUrl(context, `${dataClass}?$method=update`) };
  const stamp: number =
    options.stamp ?? (await getEntity(context, ref, { ...options, attributes: [attribute] })).__STAMP;
  const id = await upload(context, input, options);
  try {
    const result = await context.core.raw.POST("/rest/{dataClass}", {
      params: { path: { dataClass }, query: { $method: "update" } },
      body: { [attribute]: { ID: id }, __KEY: String(ref.key), __STAMP: stamp },
      ...callInit(context.core, options),
    });
    const saved = context.core.expectData(result);
    // A failed save is a 200 whose entity carries its own __ERROR (1263: stale stamp, 1517/1046: expired upload):
    // the error keeps the 200 and takes the entity's code and body.
    if ("__ENTITIES" in saved || isFourDErrorBody(saved) || typeof saved.__STAMP !== "number") {
      throw ApiError.fromBody(result.response, saved, { ...context.core.errorContext, ...request });
    }
    return saved as FourDUpdatedEntity;
  } catch (error) {
    throw callError(error, signal, context, request);
  }
}
