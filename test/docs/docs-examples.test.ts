import { decodeBase64 } from "bytewire";
import { bundledDocument, latin1Bytes, namedExample, type OpenApiDocument, resolveRef } from "bytewire/mocks";
import { describe, expect, it } from "vitest";
import { formatBytes, hexPreview, kindOfMediaType, sniffFileKind } from "../../scripts/lib/byte-preview.ts";
import { EXAMPLES_PATH, presentBinaryExamples } from "../../scripts/lib/docs-examples.ts";

// The copy of the document the docs render: binary examples shown as media type, size, first bytes and a download
// link, never as raw bytes printed as text; the files behind the links are the document's bytes, byte for byte.

interface Example {
  summary?: string;
  description?: string;
  value?: unknown;
}

type Media = { examples?: Record<string, Example | { $ref: string }> };

const { document, files } = presentBinaryExamples(bundledDocument);
const fileBytes = new Map(files.map((file) => [file.name, file.bytes]));

/** Every example of a request or response body: where it is, its media type, and the example as the docs show it. */
function bodyExamples(from: OpenApiDocument): { where: string; mediaType: string; example: Example }[] {
  const found: { where: string; mediaType: string; example: Example }[] = [];
  for (const [path, item] of Object.entries(from.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!operation || typeof operation !== "object" || !("responses" in operation)) {
        continue;
      }
      const bodies = [["request", operation.requestBody], ...Object.entries(operation.responses)] as const;
      for (const [status, body] of bodies) {
        const content = body ? (resolveRef<{ content?: Record<string, Media> }>(from, body).content ?? {}) : {};
        for (const [mediaType, media] of Object.entries(content)) {
          for (const [name, example] of Object.entries(media.examples ?? {})) {
            found.push({
              where: `${method.toUpperCase()} ${path} ${status} ${mediaType} ${name}`,
              mediaType,
              example: resolveRef<Example>(from, example),
            });
          }
        }
      }
    }
  }
  return found;
}

/** Characters no text holds but a file's bytes written one character per byte do: C0 and C1 controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const RAW_BYTES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** The files an example's description links to. */
function linkedFiles(example: Example): string[] {
  const links = [...(example.description ?? "").matchAll(/\]\(([^)]+)\)/g)].map((match) => match[1] ?? "");
  return links
    .filter((link) => link.startsWith(`${EXAMPLES_PATH}/`))
    .map((link) => link.slice(EXAMPLES_PATH.length + 1));
}

describe("binary examples in the rendered docs", () => {
  it("leave no raw bytes as text anywhere in the rendered document", () => {
    const raw: string[] = [];
    const walk = (value: unknown, pointer: string) => {
      if (typeof value === "string" && RAW_BYTES.test(value)) {
        raw.push(pointer);
      } else if (value && typeof value === "object") {
        for (const [key, item] of Object.entries(value)) {
          walk(item, `${pointer}/${key}`);
        }
      }
    };
    walk(bundledDocument, "#");
    expect(raw.length, "the source document does hold raw bytes, one character per byte").toBeGreaterThan(5);
    raw.length = 0;
    walk(document, "#");
    expect(raw).toEqual([]);
  });

  it("show each raw file as its hex dump, with its media type, size, first bytes and a link to the same bytes", () => {
    const original = new Map(bodyExamples(bundledDocument).map((entry) => [entry.where, entry.example]));
    const shown = bodyExamples(document).filter(({ mediaType }) =>
      /^(image|application\/(octet|pdf|zip))|\*\/\*/.test(mediaType),
    );
    expect(shown.length).toBeGreaterThan(20);
    for (const { where, mediaType, example } of shown) {
      const source = original.get(where)?.value;
      expect(typeof source, where).toBe("string");
      const bytes = latin1Bytes(source as string);
      expect(example.value, where).toBe(hexPreview(bytes));
      const [file, ...others] = linkedFiles(example);
      expect(others, where).toEqual([]);
      expect(fileBytes.get(file ?? ""), where).toEqual(bytes);
      const head = [...bytes.subarray(0, 8)].map((byte) => byte.toString(16).padStart(2, "0")).join(" ");
      const type = mediaType.includes("*") ? sniffFileKind(bytes)?.mediaType : mediaType;
      expect(example.description, where).toContain(`**${type}**, ${formatBytes(bytes.length)}`);
      expect(example.description, where).toContain(`starting \`${head} …\``);
      // The example's own words come first, kept.
      expect(example.description?.startsWith(original.get(where)?.description ?? ""), where).toBe(true);
    }
  });

  it("name the files by example, with the extension of what they are", () => {
    expect(fileBytes.get("cumulocity-my-compressed-file-zip.zip")).toEqual(
      latin1Bytes(namedExample("cumulocity-my-compressed-file-zip") as string),
    );
    expect([...fileBytes.keys()]).toEqual(
      expect.arrayContaining(["pingone-logo-png.png", "fourd-profile-picture-jpeg.jpg", "fourd-photo-tiff.tif"]),
    );
    for (const name of fileBytes.keys()) {
      expect(name).toMatch(/^[\w-]+\.(png|jpg|gif|tif|pdf|zip|cer)$/);
    }
  });

  it("keep a multipart upload's JSON part and show its file part as size and first bytes", () => {
    const upload = document.paths["/inventory/binaries"]?.post?.requestBody;
    const media =
      upload && resolveRef<{ content: Record<string, Media> }>(document, upload).content["multipart/form-data"];
    const current = resolveRef<Example>(document, media?.examples?.["current"] ?? { $ref: "" });
    const pdf = latin1Bytes((namedExample("cumulocity-upload-my-file-pdf") as { file: string }).file);
    expect(current.value).toEqual({
      object: { name: "my-file.pdf", type: "application/pdf" },
      file: `<${formatBytes(pdf.length)}: 25 50 44 46 2d 31 2e 34 0a 31 20 30 20 6f 62 6a …>`,
    });
    expect(current.description).toContain("Part `file`: **application/pdf**, 585 bytes");
    expect(fileBytes.get(linkedFiles(current)[0] ?? "")).toEqual(pdf);
  });

  it("keep HDAP's base64 as the API speaks it, naming the file each base64 string holds", () => {
    const entry = namedExample("hdap-bjensen-photo") as { photo: string[] };
    const shown = bodyExamples(document).find(({ example }) => example.summary === "The seed's read: `?_fields=photo`");
    expect(shown?.example.value).toEqual(entry);
    expect(shown?.example.description).toContain(
      `\`photo[0]\` is base64 of **image/jpeg**, 309 bytes, starting \`${entry.photo[0]?.slice(0, 16)}…\``,
    );
    expect(fileBytes.get(linkedFiles(shown?.example ?? {})[0] ?? "")).toEqual(decodeBase64(entry.photo[0] ?? ""));
    const certificate = files.find((file) => file.name.endsWith(".cer"));
    expect(certificate?.bytes[0]).toBe(0x30); // a DER SEQUENCE
  });

  it("leave the source document as it was", () => {
    expect(JSON.stringify(bundledDocument)).not.toContain(EXAMPLES_PATH);
  });
});

describe("byte previews", () => {
  it("dump up to 64 bytes in hex, eight a line with their ASCII, and count the rest", () => {
    const bytes = Uint8Array.from({ length: 70 }, (_, index) => (index * 37) % 256);
    const lines = hexPreview(bytes).split("\n");
    expect(lines).toHaveLength(9);
    expect(lines[0]).toBe("0000  00 25 4a 6f 94 b9 de 03  |.%Jo....|");
    expect(lines[7]).toBe(
      `0038  ${[...bytes.subarray(56, 64)].map((b) => b.toString(16).padStart(2, "0")).join(" ")}  |${[...bytes.subarray(56, 64)].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".")).join("")}|`,
    );
    expect(lines[8]).toBe("… and 6 bytes more");
    expect(hexPreview(Uint8Array.of(0x41, 0x0a))).toBe(`0000  41 0a${" ".repeat(18)}  |A.|`);
  });

  it("recognise the formats of the document's files by their first bytes, and nothing else", () => {
    expect(sniffFileKind(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))?.mediaType).toBe(
      "image/png",
    );
    expect(sniffFileKind(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a))).toBeUndefined();
    expect(sniffFileKind(Uint8Array.of(0x4d, 0x4d, 0x00, 0x2a))?.extension).toBe(".tif");
    expect(sniffFileKind(new TextEncoder().encode("%PDF-1.7"))?.name).toBe("PDF document");
    expect(sniffFileKind(new TextEncoder().encode("hello"))).toBeUndefined();
    expect(kindOfMediaType("application/pkix-cert; charset=x")?.extension).toBe(".cer");
    expect(formatBytes(1)).toBe("1 byte");
    expect(formatBytes(1024)).toBe("1,024 bytes");
  });
});
