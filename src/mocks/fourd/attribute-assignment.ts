import { type FourDErrorItem, fourDErrors } from "./error-items.ts";
import type { FourDAttributeKind, StoredValue } from "./model.ts";
import { pictureMediaType } from "./picture-type.ts";
import type { UploadTable } from "./uploads.ts";

/**
 * A value ready to store, with the upload it came from; or why it cannot be stored (4D's inline error items, which
 * `complete` says already end with the "cannot be saved" item).
 */
export type Assignment = { value: StoredValue; uploadId?: string } | { errors: FourDErrorItem[]; complete: boolean };

function invalid(message: string): Assignment {
  return { errors: [fourDErrors.valueFailsValidation(message), fourDErrors.entityFailsValidation()], complete: false };
}

function uploadId(raw: unknown): string | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return undefined;
  }
  const id = (raw as Record<string, unknown>)["ID"];
  return typeof id === "string" ? id : undefined;
}

/**
 * Converts a value of a `$method=update` body for an attribute. Scalars must have the attribute's type (a number may
 * come as a numeric string); `null` empties any attribute. A picture or BLOB takes `{"ID": ...}` from `$upload`: an
 * unknown or expired ID is 4D's errCode 1517, and a picture must really be one (PNG, JPEG, GIF or TIFF, read from
 * its bytes: 4D converts it, so a PDF cannot become a picture). A BLOB keeps the upload's Content-Type.
 */
export function assignAttribute(
  kind: FourDAttributeKind,
  name: string,
  raw: unknown,
  uploads: UploadTable,
  now: number,
): Assignment {
  if (raw === null) {
    return { value: null };
  }
  switch (kind) {
    case "string":
      return typeof raw === "string" ? { value: raw } : invalid(`The "${name}" attribute takes text`);
    case "boolean":
      return typeof raw === "boolean" ? { value: raw } : invalid(`The "${name}" attribute takes true or false`);
    case "number": {
      const value =
        typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : Number.NaN;
      return Number.isFinite(value) ? { value } : invalid(`The "${name}" attribute takes a number`);
    }
    case "picture":
    case "blob": {
      const id = uploadId(raw);
      if (id === undefined) {
        return invalid(`The "${name}" attribute takes {"ID": "<upload ID>"} from $upload, or null`);
      }
      const upload = uploads.get(id, now);
      if (!upload) {
        // The document's example reports an unusable ID with 4D's "cannot save" code alone.
        return { errors: [fourDErrors.uploadNotFound(id)], complete: true };
      }
      if (kind === "blob") {
        return {
          value: { bytes: upload.bytes, mediaType: upload.contentType ?? "application/octet-stream" },
          uploadId: id,
        };
      }
      const mediaType = pictureMediaType(upload.bytes);
      return mediaType === undefined
        ? invalid(`The upload ${id} is not a picture (PNG, JPEG, GIF or TIFF) and cannot be stored in "${name}"`)
        : { value: { bytes: upload.bytes, mediaType }, uploadId: id };
    }
  }
}
