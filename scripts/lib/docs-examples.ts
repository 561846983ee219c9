// The document's binary examples as the rendered docs show them. The document carries a raw file's bytes as a string,
// one character per byte (OpenAPI 3.1's way for media types JSON cannot carry); Redoc would print that string as
// text (`PK…À…readme.txt…`) and its copy button would copy it. The page is rendered from a copy in which each such
// example is its media type, its size and its first bytes in hex, with a link that downloads the file from the mock
// server. Base64 inside JSON (PingDS HDAP) stays as it is, since that is what the API speaks; the example only gains
// a line naming each file it holds, with the same kind of link. The document itself is not changed.
import { decodeBase64 } from "bytewire";
import { isJsonMediaType, latin1Bytes, type OpenApiDocument, resolveRef } from "bytewire/mocks";
import { isRawBinarySchema } from "./binary-schema.ts";
import { type FileKind, formatBytes, hexBytes, hexPreview, kindOfMediaType, sniffFileKind } from "./byte-preview.ts";

/** Where the mock server serves the example files: `<origin>/docs/examples/<name>`. */
export const EXAMPLES_PATH = "/docs/examples";

/** A file the docs link to. */
export interface ExampleFile {
  /** File name under {@link EXAMPLES_PATH}: the example's name and an extension. */
  name: string;
  bytes: Uint8Array;
}

/** The document to render, and the example files its links point at. */
export interface DocsExamples {
  document: OpenApiDocument;
  files: ExampleFile[];
}

interface Example {
  summary?: string;
  description?: string;
  value?: unknown;
  externalValue?: string;
}

interface Media {
  schema?: Schema;
  example?: unknown;
  examples?: Record<string, Example | { $ref: string }>;
  encoding?: Record<string, { contentType?: string }>;
}

type Schema = Record<string, unknown>;

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
const COMPONENT_EXAMPLE = /^#\/components\/examples\/([^/]+)$/;

/** Text a reader can read as it is: everything that is not a file's raw bytes. */
function isTextMediaType(mediaType: string): boolean {
  const essence = mediaType.split(";")[0]?.trim().toLowerCase() ?? "";
  return (
    essence.startsWith("text/") ||
    isJsonMediaType(essence) ||
    essence === "application/xml" ||
    essence.endsWith("+xml") ||
    essence === "application/yaml" ||
    essence === "application/x-www-form-urlencoded"
  );
}

const concrete = (mediaType: string | undefined) =>
  mediaType !== undefined && !mediaType.includes("*") ? mediaType : undefined;

/** How many first bytes the line describing a file shows in hex, and how many characters of base64 (12 bytes). */
const HEAD_BYTES = 8;
const HEAD_BASE64 = 16;

/** Collects the example files and writes the markdown lines that describe them. */
class ExampleFiles {
  readonly files = new Map<string, Uint8Array>();

  /**
   * Registers a file and answers `**type**, size (kind). [Download name](link)`. The type is the one the request or
   * response declares for these bytes, else the one their first bytes show, else the schema's `contentMediaType`.
   */
  describe(
    baseName: string,
    bytes: Uint8Array,
    declaredType: string | undefined,
    options: { schema?: Schema | undefined; base64?: string } = {},
  ): string {
    const { schema, base64 } = options;
    const sniffed = sniffFileKind(bytes);
    const mediaType =
      concrete(declaredType) ??
      sniffed?.mediaType ??
      concrete(schema?.["contentMediaType"] as string | undefined) ??
      "application/octet-stream";
    const kind: FileKind | undefined = sniffed ?? kindOfMediaType(mediaType);
    const name = `${baseName}${kind?.extension ?? ".bin"}`;
    const known = this.files.get(name);
    if (known && !sameBytes(known, bytes)) {
      throw new Error(`Two different example files would be served as ${name}.`);
    }
    this.files.set(name, bytes);
    const what = sniffed && sniffed.mediaType !== mediaType ? ` (${sniffed.name})` : "";
    // Base64 where the API speaks base64: the first characters of the text the reader sees in the example.
    const head =
      base64 === undefined
        ? `${hexBytes(bytes.subarray(0, HEAD_BYTES))}${bytes.length > HEAD_BYTES ? " …" : ""}`
        : `${base64.slice(0, HEAD_BASE64)}${base64.length > HEAD_BASE64 ? "…" : ""}`;
    return (
      `**${mediaType}**, ${formatBytes(bytes.length)}${what}, starting \`${head}\`. ` +
      `[Download ${name}](${EXAMPLES_PATH}/${name})`
    );
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

/** The example's own description, then what the docs add about its files. */
const withFacts = (description: string | undefined, facts: string[]) =>
  [...(description ? [description] : []), ...facts].join("\n\n");

/** Where a string sits inside an example value, as a reader would write it: `photo[0]`, `object.name`. */
function showPath(path: (string | number)[]): string {
  return path.map((part, index) => (typeof part === "number" ? `[${part}]` : index === 0 ? part : `.${part}`)).join("");
}

function slug(path: (string | number)[]): string {
  return path.map((part) => String(part).replaceAll(/[^\w.-]+/g, "_")).join("-");
}

/** Every base64 string of a JSON value whose schema says what it encodes, found by walking value and schema alike. */
function base64Strings(
  document: OpenApiDocument,
  value: unknown,
  schemaOrRef: unknown,
  path: (string | number)[] = [],
  found = new Map<string, { path: (string | number)[]; text: string; mediaType: string | undefined }>(),
): typeof found {
  if (!schemaOrRef || typeof schemaOrRef !== "object") {
    return found;
  }
  const schema = resolveRef<Schema>(document, schemaOrRef as Schema);
  for (const keyword of ["oneOf", "anyOf", "allOf"] as const) {
    for (const branch of (schema[keyword] as unknown[] | undefined) ?? []) {
      base64Strings(document, value, branch, path, found);
    }
  }
  if (typeof value === "string" && schema["contentEncoding"] === "base64") {
    found.set(JSON.stringify(path), { path, text: value, mediaType: schema["contentMediaType"] as string | undefined });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      base64Strings(document, item, schema["items"], [...path, index], found);
    });
  } else if (value && typeof value === "object") {
    const properties = (schema["properties"] ?? {}) as Record<string, unknown>;
    for (const [key, item] of Object.entries(value)) {
      base64Strings(document, item, properties[key] ?? schema["additionalProperties"], [...path, key], found);
    }
  }
  return found;
}

/**
 * The example as the docs show it, or `undefined` when it shows as it is. `baseName` names its files.
 */
function presentExample(
  document: OpenApiDocument,
  mediaType: string,
  media: Media,
  example: Example,
  baseName: string,
  files: ExampleFiles,
): Example | undefined {
  const { value } = example;
  if (typeof value === "string" && !isTextMediaType(mediaType) && !mediaType.startsWith("multipart/")) {
    const bytes = latin1Bytes(value);
    const schema = media.schema && resolveRef<Schema>(document, media.schema);
    const facts = files.describe(baseName, bytes, mediaType, { schema });
    return { ...example, description: withFacts(example.description, [facts]), value: hexPreview(bytes) };
  }
  if (mediaType.startsWith("multipart/") && value && typeof value === "object" && !Array.isArray(value)) {
    const schema = media.schema ? resolveRef<Schema>(document, media.schema) : {};
    const properties = (schema["properties"] ?? {}) as Record<string, unknown>;
    const facts: string[] = [];
    const shown: Record<string, unknown> = { ...value };
    for (const [part, partValue] of Object.entries(value)) {
      const declaredPart = properties[part] as Schema | undefined;
      const partSchema = declaredPart && resolveRef<Schema>(document, declaredPart);
      if (typeof partValue !== "string" || !partSchema || !isRawBinarySchema(partSchema)) {
        continue;
      }
      const bytes = latin1Bytes(partValue);
      const declared = media.encoding?.[part]?.contentType;
      facts.push(`Part \`${part}\`: ${files.describe(`${baseName}-${part}`, bytes, declared, { schema: partSchema })}`);
      shown[part] =
        `<${formatBytes(bytes.length)}: ${hexBytes(bytes.subarray(0, 16))}${bytes.length > 16 ? " …" : ""}>`;
    }
    return facts.length > 0
      ? { ...example, description: withFacts(example.description, facts), value: shown }
      : undefined;
  }
  if (isJsonMediaType(mediaType) && value !== undefined) {
    const facts = [...base64Strings(document, value, media.schema).values()].map(
      ({ path, text, mediaType: encoded }) =>
        `\`${showPath(path)}\` is base64 of ${files.describe(`${baseName}-${slug(path)}`, decodeBase64(text), encoded, { base64: text })}`,
    );
    return facts.length > 0 ? { ...example, description: withFacts(example.description, facts) } : undefined;
  }
  return undefined;
}

/**
 * A copy of the document for rendering, in which every binary example of a request or response body shows as
 * described at the top of this file, and the files those examples hold.
 */
export function presentBinaryExamples(source: OpenApiDocument): DocsExamples {
  const document = structuredClone(source);
  const files = new ExampleFiles();
  const seen = new Set<Media>();
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) {
        continue;
      }
      const bodies = [
        ["request", operation.requestBody],
        ...Object.entries(operation.responses).map(([status, response]) => [status, response] as const),
      ] as const;
      for (const [where, body] of bodies) {
        const content = body && resolveRef<{ content?: Record<string, Media> }>(document, body).content;
        for (const [mediaType, media] of Object.entries(content ?? {})) {
          if (seen.has(media)) {
            continue;
          }
          seen.add(media);
          if (media.example !== undefined) {
            media.examples = { example: { value: media.example }, ...media.examples };
            delete media.example;
          }
          for (const [name, exampleOrRef] of Object.entries(media.examples ?? {})) {
            const reference = "$ref" in exampleOrRef ? COMPONENT_EXAMPLE.exec(exampleOrRef.$ref)?.[1] : undefined;
            const example = resolveRef<Example>(document, exampleOrRef);
            const baseName = reference ?? `${operation.operationId}-${where}-${name}`;
            const shown = presentExample(document, mediaType, media, example, baseName, files);
            if (shown && media.examples) {
              media.examples[name] = shown;
            }
          }
        }
      }
    }
  }
  dropUnusedExamples(document);
  return { document, files: [...files.files].map(([name, bytes]) => ({ name, bytes })) };
}

/** Removes the named examples nothing refers to any more (they were shown inline), so that the page holds no raw bytes. */
function dropUnusedExamples(document: OpenApiDocument): void {
  const named = document.components?.examples ?? {};
  const used = new Set<string>();
  const collect = (value: unknown) => {
    if (Array.isArray(value)) {
      value.forEach(collect);
    } else if (value && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        if (key === "$ref" && typeof item === "string") {
          used.add(COMPONENT_EXAMPLE.exec(item)?.[1] ?? "");
        } else {
          collect(item);
        }
      }
    }
  };
  collect(document);
  for (const name of Object.keys(named)) {
    if (!used.has(name)) {
      delete named[name];
    }
  }
}
