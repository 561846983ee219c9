import type { components } from "../../../generated/schema.ts";
import { type DataClassModel, isFile, type StoredEntity } from "./model.ts";
import type { PictureMediaType } from "./picture-type.ts";

type FourDNoImage = components["schemas"]["FourDNoImage"];

/** What `$imageformat` asks for: the stored format (`best`) or one picture type. */
export type ImageFormat = "best" | PictureMediaType;

// The download types the document declares, with the extension of the attachment's file name.
const EXTENSIONS: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/gif": "gif",
  "image/tiff": "tiff",
  "application/pdf": "pdf",
  "application/octet-stream": "bin",
};

/**
 * Reads an `$imageformat` value in any of the forms the document lists (`PNG`, `png`, `.png`, `image/png`, `best`);
 * `undefined` for anything else. `JPG` is read as `JPEG`.
 */
export function readImageFormat(value: string): ImageFormat | undefined {
  const name = value
    .toLowerCase()
    .replace(/^image\//, "")
    .replace(/^\./, "");
  if (name === "best") {
    return "best";
  }
  const type = { jpeg: "image/jpeg", jpg: "image/jpeg", png: "image/png", gif: "image/gif", tiff: "image/tiff" }[name];
  return type as PictureMediaType | undefined;
}

/** 4D's answer when there is nothing to download: `200` with the JSON empty object. */
export function noImage(): Response {
  const body: FourDNoImage = {};
  return Response.json(body);
}

/**
 * The raw bytes of a picture or BLOB attribute, or the empty object `{}` when there is nothing to send: no entity, an
 * attribute that is neither a picture nor a BLOB, no value, an empty BLOB, or a picture not stored in the requested
 * format. The mock cannot transcode pictures, so it answers `{}` for another format, as 4D does for a format it
 * cannot produce. A BLOB is served with the type it was uploaded with, `application/octet-stream` when that type is
 * not one the document declares; `$imageformat` does not apply to it.
 */
export function binaryAnswer(
  model: DataClassModel,
  entity: StoredEntity | undefined,
  attribute: string,
  format: ImageFormat,
): Response {
  const kind = model.attributes.get(attribute);
  const value = entity?.values.get(attribute);
  if (!isFile(value) || value.bytes.byteLength === 0 || (kind !== "picture" && kind !== "blob")) {
    return noImage();
  }
  if (kind === "picture" && format !== "best" && format !== value.mediaType) {
    return noImage();
  }
  const mediaType = EXTENSIONS[value.mediaType] === undefined ? "application/octet-stream" : value.mediaType;
  return new Response(new Uint8Array(value.bytes), {
    headers: {
      "content-type": mediaType,
      "content-length": String(value.bytes.byteLength),
      "content-disposition": `attachment; filename=${attribute}.${EXTENSIONS[mediaType] ?? "bin"}`,
    },
  });
}
