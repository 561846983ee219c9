import type { components } from "../../generated/schema.ts";
import { InvalidInputError } from "../binary/invalid-input-error.ts";
import { createMultipartBody, type MultipartPart } from "../binary/multipart.ts";
import { prepareUpload } from "../binary/prepare-upload.ts";
import type { UploadBody } from "../binary/upload-body.ts";
import { toUploadBody, type UploadInput } from "../binary/upload-input.ts";
import { anySignal } from "../core/any-signal.ts";
import { binaryUrl, type CumulocityContext, callError } from "./context.ts";
import { ACCEPT_MANAGED_OBJECT } from "./media-types.ts";
import type { CumulocityUploadOptions } from "./request-options.ts";
import { requireManagedObject } from "./require-body.ts";
import type { CumulocityBinaryInfo, CumulocityUploadObject, CumulocityUploadResult } from "./types.ts";

type UploadRequestBody = components["schemas"]["CumulocityBinaryUpload"];

/** What goes into the `object` part, and how the `file` part is labelled. */
interface UploadLabels {
  info: CumulocityBinaryInfo;
  filename: string;
  fileType: string;
}

function labels(object: CumulocityUploadObject, upload: UploadBody, options: CumulocityUploadOptions): UploadLabels {
  const name = nonEmpty(object.name) ?? nonEmpty(options.filename) ?? upload.name;
  if (name === undefined) {
    throw new InvalidInputError(
      "MISSING_NAME",
      "A Cumulocity binary needs a name: pass `object.name` or `filename`, or upload a File or a file path.",
    );
  }
  const fileType = nonEmpty(options.contentType) ?? upload.type ?? nonEmpty(object.type) ?? "application/octet-stream";
  return {
    info: { ...object, name, type: nonEmpty(object.type) ?? fileType },
    filename: nonEmpty(options.filename) ?? name,
    fileType,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function multipartParts(
  upload: UploadBody,
  { info, filename, fileType }: UploadLabels,
  legacyFilesize: boolean,
): MultipartPart[] {
  const parts: MultipartPart[] = [{ name: "object", value: JSON.stringify(info), contentType: "application/json" }];
  if (legacyFilesize) {
    if (upload.size === undefined) {
      throw new InvalidInputError(
        "SIZE_UNKNOWN",
        "legacyFilesize needs the file's size: upload a Blob, bytes or a file, or pass `size` for a stream.",
      );
    }
    parts.push({ name: "filesize", value: String(upload.size) });
  }
  parts.push({
    name: "file",
    value: { body: upload.body, size: upload.size, type: fileType, name: filename },
    filename,
    contentType: fileType,
  });
  return parts;
}

/**
 * Uploads a file (`cumulocityUploadBinary`) as a streamed `multipart/form-data` body: an `object` part (JSON, with
 * `name` and `type` filled in) and a `file` part (file name and media type), built by `createMultipartBody` without
 * reading the file. A POST creates a binary each time, so it is never retried.
 */
export async function uploadBinary(
  context: CumulocityContext,
  input: UploadInput,
  object: CumulocityUploadObject = {},
  options: CumulocityUploadOptions = {},
): Promise<CumulocityUploadResult> {
  const signal = anySignal([context.signal, options.signal]);
  const request = { method: "POST", url: binaryUrl(context) };
  try {
    signal.throwIfAborted();
    const upload = await toUploadBody(input, { type: options.contentType, size: options.size, signal });
    const multipart = createMultipartBody(
      multipartParts(upload, labels(object, upload, options), options.legacyFilesize === true),
    );
    const prepared = prepareUpload(
      {
        body: multipart.body,
        size: multipart.size,
        type: multipart.contentType,
        name: undefined,
        replayable: multipart.body instanceof Blob,
      },
      {
        onUploadProgress: options.onUploadProgress,
        timeout: options.timeout,
        transportWith: (overrides) => context.core.transportWith(overrides),
      },
    );
    const result = await context.core.raw.POST("/inventory/binaries", {
      headers: { Accept: ACCEPT_MANAGED_OBJECT, ...options.headers, "Content-Type": multipart.contentType },
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      // The document types this body as the schema object ({ object, file }); the multipart body built from those
      // same parts is what is sent.
      ...prepared.attempt<UploadRequestBody>(),
    });
    const binary = requireManagedObject(context, context.core.expectData(result), result.response);
    return { binary, location: result.response.headers.get("location") ?? undefined };
  } catch (error) {
    throw callError(error, signal, context, request);
  }
}
