// A deliberately tiny table: the image formats PingOne and 4D pictures accept, and the documents most often stored as
// Cumulocity binaries. Anything else stays untyped rather than guessed; callers pass `type` when they know better.
const MEDIA_TYPES: Readonly<Record<string, string>> = {
  bmp: "image/bmp",
  csv: "text/csv",
  gif: "image/gif",
  gz: "application/gzip",
  htm: "text/html",
  html: "text/html",
  jpeg: "image/jpeg",
  jpg: "image/jpeg",
  json: "application/json",
  pdf: "application/pdf",
  png: "image/png",
  svg: "image/svg+xml",
  tif: "image/tiff",
  tiff: "image/tiff",
  txt: "text/plain",
  webp: "image/webp",
  xml: "application/xml",
  zip: "application/zip",
};

/**
 * The media type for a file name's extension (case-insensitive) from a small fixed table, or `undefined`.
 *
 * @example
 * mediaTypeByExtension("Logo.PNG"); // "image/png"
 */
export function mediaTypeByExtension(filename: string): string | undefined {
  const dot = filename.lastIndexOf(".");
  if (dot <= 0 || dot === filename.length - 1) {
    return undefined;
  }
  const extension = filename.slice(dot + 1).toLowerCase();
  return Object.hasOwn(MEDIA_TYPES, extension) ? MEDIA_TYPES[extension] : undefined;
}
