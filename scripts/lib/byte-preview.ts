// How the rendered docs present a file's bytes to a reader: what kind of file it is, and its first bytes as a hex dump.

/** A kind of file recognised by its first bytes. */
export interface FileKind {
  /** What a reader calls it, e.g. `PNG image`. */
  name: string;
  mediaType: string;
  /** File name extension for a download, with its dot. */
  extension: string;
}

// The formats the document's examples hold. Bytes of another format are not named: nothing guesses further.
const KINDS: (FileKind & { magic?: number[][] })[] = [
  {
    name: "PNG image",
    mediaType: "image/png",
    extension: ".png",
    magic: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  },
  { name: "JPEG image", mediaType: "image/jpeg", extension: ".jpg", magic: [[0xff, 0xd8, 0xff]] },
  { name: "GIF image", mediaType: "image/gif", extension: ".gif", magic: [[0x47, 0x49, 0x46, 0x38]] },
  {
    name: "TIFF image",
    mediaType: "image/tiff",
    extension: ".tif",
    magic: [
      [0x49, 0x49, 0x2a, 0x00],
      [0x4d, 0x4d, 0x00, 0x2a],
    ],
  },
  { name: "PDF document", mediaType: "application/pdf", extension: ".pdf", magic: [[0x25, 0x50, 0x44, 0x46, 0x2d]] },
  { name: "ZIP archive", mediaType: "application/zip", extension: ".zip", magic: [[0x50, 0x4b, 0x03, 0x04]] },
  // DER has no signature of its own; known by the media type the schema declares.
  { name: "X.509 certificate", mediaType: "application/pkix-cert", extension: ".cer" },
  { name: "text", mediaType: "text/plain", extension: ".txt" },
];

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((byte, index) => bytes[index] === byte);

/** The kind of file these bytes start like, if it is one of the formats above. */
export function sniffFileKind(bytes: Uint8Array): FileKind | undefined {
  const found = KINDS.find(({ magic }) => magic?.some((signature) => startsWith(bytes, signature)));
  return found && { name: found.name, mediaType: found.mediaType, extension: found.extension };
}

/** The kind of file a media type names, if it is one of the formats above. */
export function kindOfMediaType(mediaType: string): FileKind | undefined {
  const essence = mediaType.split(";")[0]?.trim().toLowerCase();
  const found = KINDS.find((kind) => kind.mediaType === essence);
  return found && { name: found.name, mediaType: found.mediaType, extension: found.extension };
}

/** How many bytes a preview shows. */
export const PREVIEW_BYTES = 64;

// Eight bytes a line: a code panel beside the docs' text is about 60 characters wide.
const BYTES_PER_LINE = 8;

/** Bytes in hex, space-separated: `89 50 4e 47`. */
export function hexBytes(bytes: Uint8Array): string {
  return [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join(" ");
}

const printable = (byte: number) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : ".");

/**
 * The first {@link PREVIEW_BYTES} bytes as a hex dump in the layout of `hexdump -C` (offset, the bytes in hex, the
 * same as ASCII with a dot for anything unprintable), eight bytes a line, then a line saying how many are left out.
 */
export function hexPreview(bytes: Uint8Array): string {
  const shown = bytes.subarray(0, PREVIEW_BYTES);
  const lines: string[] = [];
  for (let offset = 0; offset < shown.length; offset += BYTES_PER_LINE) {
    const row = shown.subarray(offset, offset + BYTES_PER_LINE);
    const hex = hexBytes(row);
    lines.push(
      `${offset.toString(16).padStart(4, "0")}  ${hex.padEnd(BYTES_PER_LINE * 3 - 1)}  |${[...row].map(printable).join("")}|`,
    );
  }
  const rest = bytes.length - shown.length;
  if (rest > 0) {
    lines.push(`… and ${formatBytes(rest)} more`);
  }
  return lines.join("\n");
}

/** `1 byte`, `176 bytes`, `1,024 bytes`. */
export function formatBytes(count: number): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? "byte" : "bytes"}`;
}
