import { Download } from "../binary/download.ts";
import { abortableResponse } from "../core/abortable-response.ts";
import { anySignal } from "../core/any-signal.ts";
import { readBoundedText } from "../core/bounded-body.ts";
import { callInit } from "../core/call-init.ts";
import { callError, type FourDContext, restUrl } from "./context.ts";
import { checkName, formatKey } from "./key.ts";
import type { FourDDownloadOptions } from "./request-options.ts";
import { selectionQuery } from "./selection-query.ts";
import type { FourDAttributeRef } from "./types.ts";

/** A selection of a dataclass whose first entity's attribute is downloaded (the seed's `$filter` + `$binary` form). */
export interface FourDSelectionAttribute {
  /** The dataclass. @example "User" */
  dataClass: string;
  /** The picture or BLOB attribute to download. @example "profilePicture" */
  attribute: string;
  /** A query string such as {@link fourDFilter} builds; the client adds the outer double quotes. */
  filter?: string | undefined;
  /** `lastName asc` (`$orderby`): decides which entity comes first. */
  orderBy?: string | undefined;
  /** Entities to skip before the one downloaded (`$skip`). */
  skip?: number | undefined;
}

/** `$binary` or `$imageformat`, with `$expand` (4D wants both) and `$version`. */
function fileQuery(attribute: string, options: FourDDownloadOptions) {
  return {
    ...(options.imageFormat === undefined ? { $binary: true } : { $imageformat: options.imageFormat }),
    $expand: attribute,
    ...(options.version === undefined ? {} : { $version: options.version }),
  };
}

/**
 * The download of a `200` file answer, or `null` for 4D's `{}` (no picture, or none in the asked format). Only a
 * JSON answer is read to decide; a file's body stays unread until the caller reads it.
 */
async function fileOrNothing(
  context: FourDContext,
  response: Response,
  signal: AbortSignal,
  facts: { method: string; url: string },
  options: FourDDownloadOptions,
): Promise<Download | null> {
  const type = response.headers.get("content-type") ?? "";
  if (/^application\/json\b/i.test(type)) {
    const { text } = await readBoundedText(response, 1024);
    if (text.trim() === "{}") {
      return null;
    }
    return new Download(new Response(text, { headers: response.headers }), { onProgress: options.onDownloadProgress });
  }
  const body =
    context.signal === undefined && options.signal === undefined
      ? response
      : abortableResponse(response, signal, { api: "fourd", ...facts, redactor: context.core.redactor });
  return new Download(body, { onProgress: options.onDownloadProgress });
}

/**
 * Downloads one entity's picture or BLOB (`fourDGetAttribute`): `$binary=true&$expand=<attribute>`, or
 * `$imageformat` for a converted picture. Resolves to `null` when the entity has no such file. The body is not read.
 */
export async function downloadAttribute(
  context: FourDContext,
  ref: FourDAttributeRef,
  options: FourDDownloadOptions = {},
): Promise<Download | null> {
  const dataClass = checkName("dataclass", ref.dataClass);
  const attribute = checkName("attribute", ref.attribute);
  const key = formatKey(ref.key);
  const signal = anySignal([context.signal, options.signal]);
  const facts = { method: "GET", url: restUrl(context, `${dataClass}(${key})/${attribute}`) };
  try {
    const result = await context.core.raw.GET("/rest/{dataClass}({key})/{attribute}", {
      params: { path: { dataClass, key, attribute }, query: fileQuery(attribute, options) },
      parseAs: "stream",
      ...callInit(context.core, options),
    });
    context.core.expectData(result);
    return await fileOrNothing(context, result.response, signal, facts, options);
  } catch (error) {
    throw callError(error, signal, context, facts);
  }
}

/**
 * Downloads the picture or BLOB of the first entity of a selection (`fourDListEntities` with `$binary` and
 * `$expand`), as in `GET /rest/User?$filter="department='HR'"&$binary=true&$expand=profilePicture`. 4D does not say
 * which entity answers; the document (and the mock) take the first after `$filter`, `$orderby` and `$skip`, so pass
 * `orderBy` to make it deterministic. Resolves to `null` when that entity has no file.
 */
export async function downloadFromSelection(
  context: FourDContext,
  selection: FourDSelectionAttribute,
  options: FourDDownloadOptions = {},
): Promise<Download | null> {
  const dataClass = checkName("dataclass", selection.dataClass);
  const attribute = checkName("attribute", selection.attribute);
  const signal = anySignal([context.signal, options.signal]);
  const facts = { method: "GET", url: restUrl(context, dataClass) };
  try {
    const result = await context.core.raw.GET("/rest/{dataClass}", {
      params: {
        path: { dataClass },
        query: { ...selectionQuery({ ...selection, top: undefined }), ...fileQuery(attribute, options) },
      },
      parseAs: "stream",
      ...callInit(context.core, options),
    });
    context.core.expectData(result);
    return await fileOrNothing(context, result.response, signal, facts, options);
  } catch (error) {
    throw callError(error, signal, context, facts);
  }
}
