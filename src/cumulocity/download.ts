import { Download } from "../binary/download.ts";
import { abortableResponse } from "../core/abortable-response.ts";
import { anySignal } from "../core/any-signal.ts";
import { callInit } from "../core/call-init.ts";
import { rangeHeader } from "./byte-range.ts";
import { binaryUrl, type CumulocityContext, callError, checkBinaryId } from "./context.ts";
import { ACCEPT_FILE } from "./media-types.ts";
import type { CumulocityDownloadOptions } from "./request-options.ts";

/**
 * Downloads a file (`cumulocityDownloadBinary`) as a {@link Download} whose body is not read yet; with `range`, only
 * part of it (`206`). Retried by the transport like any GET until the headers arrive; the body is never buffered.
 */
export async function downloadBinary(
  context: CumulocityContext,
  id: string,
  options: CumulocityDownloadOptions = {},
): Promise<Download> {
  checkBinaryId(id);
  const header = options.range === undefined ? {} : { Range: rangeHeader(options.range) };
  const signal = anySignal([context.signal, options.signal]);
  try {
    const result = await context.core.raw.GET("/inventory/binaries/{id}", {
      params: { path: { id }, header },
      parseAs: "stream",
      ...callInit(context.core, options),
      headers: { Accept: ACCEPT_FILE, ...options.headers },
    });
    context.core.expectData(result);
    const response =
      context.signal === undefined && options.signal === undefined
        ? result.response
        : abortableResponse(result.response, signal, {
            api: "cumulocity",
            method: "GET",
            url: binaryUrl(context, id),
            redactor: context.core.redactor,
          });
    return new Download(response, { onProgress: options.onDownloadProgress });
  } catch (error) {
    throw callError(error, signal, context, { method: "GET", url: binaryUrl(context, id) });
  }
}
