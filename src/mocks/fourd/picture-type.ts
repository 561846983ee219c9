import { sniffImage } from "../../binary/image-info.ts";

/** The picture formats 4D's `$imageformat` names, as media types. */
export type PictureMediaType = "image/png" | "image/jpeg" | "image/gif" | "image/tiff";

// sniffImage knows the formats PingOne accepts; 4D pictures may also be TIFF (the document lists it), recognised here
// by its byte-order mark and magic number 42.
function isTiff(bytes: Uint8Array): boolean {
  const [a, b, c, d] = bytes;
  return (
    (a === 0x49 && b === 0x49 && c === 0x2a && d === 0x00) || (a === 0x4d && b === 0x4d && c === 0x00 && d === 0x2a)
  );
}

/** The picture format of some bytes, read from the bytes themselves; `undefined` when they are not a picture. */
export function pictureMediaType(bytes: Uint8Array): PictureMediaType | undefined {
  return sniffImage(bytes)?.mediaType ?? (isTiff(bytes) ? "image/tiff" : undefined);
}
