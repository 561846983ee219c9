import bundled from "../../../generated/openapi.json" with { type: "json" };

/*
 * The OpenAPI document the mock reads: the types of its parts, JSON pointers and `$ref` resolution, the bundled
 * document, and its named examples (the bytes of the demo data).
 */

/** The parts of an OpenAPI 3.1 document that the mock reads. The bundled document is the source of truth. */
export interface OpenApiDocument {
  openapi: string;
  servers?: ServerObject[];
  paths: Record<string, PathItemObject>;
  components?: {
    schemas?: Record<string, SchemaObject>;
    examples?: Record<string, ExampleObject>;
    [key: string]: unknown;
  };
  tags?: { name: string; description?: string }[];
}

export interface ServerObject {
  url: string;
  description?: string;
  variables?: Record<string, { default: string; enum?: string[] }>;
}

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type PathItemObject = {
  servers?: ServerObject[];
  parameters?: (ParameterObject | ReferenceObject)[];
} & Partial<Record<HttpMethod, OperationObject>>;

export interface ReferenceObject {
  $ref: string;
}

export interface ParameterObject {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: SchemaObject;
  style?: string;
  explode?: boolean;
  [extension: `x-${string}`]: unknown;
}

export interface MediaTypeObject {
  schema?: SchemaObject;
  example?: unknown;
  examples?: Record<string, ExampleObject | ReferenceObject>;
  encoding?: Record<string, { contentType?: string }>;
}

export interface RequestBodyObject {
  required?: boolean;
  content: Record<string, MediaTypeObject>;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, unknown>;
  content?: Record<string, MediaTypeObject>;
  /** Set where the vendor documents that this response may have no body at all. */
  "x-body-optional"?: boolean;
}

export interface OperationObject {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  servers?: ServerObject[];
  security?: Record<string, string[]>[];
  parameters?: (ParameterObject | ReferenceObject)[];
  requestBody?: RequestBodyObject | ReferenceObject;
  responses: Record<string, ResponseObject | ReferenceObject>;
  [extension: `x-${string}`]: unknown;
}

export interface ExampleObject {
  summary?: string;
  description?: string;
  value?: unknown;
  externalValue?: string;
}

// JSON Schema 2020-12 is open-ended; the mock only reads a few keywords and hands the rest to Ajv.
export type SchemaObject = Record<string, unknown>;

/** A JSON pointer segment, escaped as RFC 6901 asks. */
export function pointerSegment(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** Follows a local `$ref` (`#/components/...`) inside the document; other values come back unchanged. */
export function resolveRef<T>(document: OpenApiDocument, value: T | ReferenceObject): T {
  let current: unknown = value;
  for (let depth = 0; isReference(current); depth++) {
    if (depth > 16 || !current.$ref.startsWith("#/")) {
      throw new Error(`Cannot resolve reference ${current.$ref}`);
    }
    current = current.$ref
      .slice(2)
      .split("/")
      .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
    if (current === undefined) {
      throw new Error(`Dangling reference ${(value as ReferenceObject).$ref}`);
    }
  }
  return current as T;
}

function isReference(value: unknown): value is ReferenceObject {
  return typeof value === "object" && value !== null && typeof (value as ReferenceObject).$ref === "string";
}

/** The bundled OpenAPI document (`generated/openapi.json`) that the mock routes and validates against. */
export const bundledDocument: OpenApiDocument = bundled as unknown as OpenApiDocument;

/** Bytes of a binary example: the document writes them one character per byte (Latin-1). */
export function latin1Bytes(value: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(value.length);
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code > 0xff) {
      throw new RangeError(`A byte string has a character above U+00FF at position ${index}.`);
    }
    bytes[index] = code;
  }
  return bytes;
}

/**
 * The value of a named example of the bundled document (`components.examples`). The mock's demo files are the
 * document's binary examples, so the bytes in the docs are the bytes the mock serves.
 */
export function namedExample(name: string): unknown {
  const example = bundledDocument.components?.examples?.[name];
  if (!example) {
    throw new Error(`The document has no example named ${name}.`);
  }
  return resolveRef<ExampleObject>(bundledDocument, example).value;
}

/** The bytes of a named binary example of the bundled document. */
export function namedExampleBytes(name: string): Uint8Array<ArrayBuffer> {
  const value = namedExample(name);
  if (typeof value !== "string") {
    throw new TypeError(`The example ${name} is not a byte string.`);
  }
  return latin1Bytes(value);
}
