import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { MediaTypeObject, OpenApiDocument, RequestBodyObject, ResponseObject, SchemaObject } from "./openapi.ts";
import { pointerSegment, resolveRef } from "./openapi.ts";
import type { OperationEntry } from "./operations.ts";

/** One reason a request or response does not match the document. */
export interface ValidationIssue {
  /** Where the problem is: `body`, `query.pageSize`, `header.Content-Type`, `body/object/name`, ... */
  at: string;
  message: string;
}

const DOCUMENT_ID = "https://bytewire.invalid/openapi.json";
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Finds the declared media type for a Content-Type: exact match first, then `type/*`, then `*\/*`. */
export function findMediaType(
  content: Record<string, MediaTypeObject> | undefined,
  contentType: string | null,
): [string, MediaTypeObject] | undefined {
  if (!content) {
    return undefined;
  }
  const essence = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const entries = Object.entries(content).map(([key, media]) => [key.toLowerCase(), key, media] as const);
  const [type] = essence.split("/");
  const found =
    entries.find(([key]) => key === essence) ??
    entries.find(([key]) => key === `${type}/*`) ??
    entries.find(([key]) => key === "*/*");
  return found && essence !== "" ? [found[1], found[2]] : undefined;
}

/** True when a media type carries JSON (`application/json`, `application/vnd.x+json`, `text/json`). */
export function isJsonMediaType(mediaType: string): boolean {
  const essence = mediaType.split(";")[0]?.trim().toLowerCase() ?? "";
  return essence === "application/json" || essence.endsWith("+json") || essence === "text/json";
}

/** An Ajv instance holding a document, and the validators it compiled, by JSON pointer. */
interface CompiledSchemas {
  ajv: Ajv2020;
  compiled: Map<string, ValidateFunction>;
}

// Compiled schemas by document, shared by every validator over it: they depend on the document alone, and setting up
// Ajv (its meta-schema, checking the document against it) and compiling a schema cost far more than validating
// with it. A validator per dispatcher, per test helper or per test file then compiles each schema once per process.
const compiledByDocument = new WeakMap<OpenApiDocument, CompiledSchemas>();

function compiledSchemas(document: OpenApiDocument): CompiledSchemas {
  let schemas = compiledByDocument.get(document);
  if (!schemas) {
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats.default(ajv);
    ajv.removeKeyword("contentEncoding");
    ajv.addKeyword({
      keyword: "contentEncoding",
      schemaType: "string",
      validate: (encoding: string, data: unknown) =>
        encoding !== "base64" || typeof data !== "string" || BASE64.test(data),
      error: { message: "must be valid base64 (RFC 4648, padded)" },
    });
    ajv.addSchema({ ...document, $id: DOCUMENT_ID });
    schemas = { ajv, compiled: new Map() };
    compiledByDocument.set(document, schemas);
  }
  return schemas;
}

/**
 * Validates values against the schemas of the bundled OpenAPI document with Ajv (JSON Schema 2020-12), including
 * `contentEncoding: base64`, which plain JSON Schema only annotates.
 */
export class DocumentValidator {
  readonly document: OpenApiDocument;
  readonly #schemas: CompiledSchemas;

  constructor(document: OpenApiDocument) {
    this.document = document;
    this.#schemas = compiledSchemas(document);
  }

  /** Validates `value` against the schema at a JSON pointer of the document (`#/components/schemas/X`). */
  validateAt(pointer: string, value: unknown, at = "body"): ValidationIssue[] {
    let validate = this.#schemas.compiled.get(pointer);
    if (!validate) {
      const found = this.#schemas.ajv.getSchema(`${DOCUMENT_ID}${pointer}`);
      if (!found) {
        throw new Error(`No schema at ${pointer}`);
      }
      validate = found;
      this.#schemas.compiled.set(pointer, validate);
    }
    return validate(value) ? [] : toIssues(validate.errors ?? [], at);
  }

  /** Validates path, query and header parameters (strings as they arrive) against the operation's parameters. */
  validateParameters(
    entry: OperationEntry,
    request: { path: Record<string, string>; query: URLSearchParams; headers: Headers },
  ): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    for (const parameter of entry.parameters) {
      if (parameter.in === "cookie") {
        continue;
      }
      const raw =
        parameter.in === "path"
          ? request.path[parameter.name]
          : parameter.in === "header"
            ? (request.headers.get(parameter.name) ?? undefined)
            : queryValue(request.query, parameter.name, parameter.schema, parameter.explode);
      const at = `${parameter.in}.${parameter.name}`;
      if (raw === undefined) {
        if (parameter.required) {
          issues.push({ at, message: "is required" });
        }
        continue;
      }
      if (!parameter.schema) {
        continue;
      }
      const value = coerce(raw, resolveRef(this.document, parameter.schema));
      issues.push(...this.validateAt(parameter.schemaPointer, value, at));
    }
    return issues;
  }

  /**
   * Validates a request body already decoded by the caller (JSON parsed, multipart turned into an object whose
   * files are Blobs). Binary bodies only need a declared media type.
   */
  validateRequestBody(entry: OperationEntry, contentType: string | null, body: unknown): ValidationIssue[] {
    const requestBody = entry.operation.requestBody
      ? resolveRef<RequestBodyObject>(this.document, entry.operation.requestBody)
      : undefined;
    if (!requestBody) {
      return [];
    }
    if (body === undefined) {
      return requestBody.required ? [{ at: "body", message: "is required" }] : [];
    }
    const found = findMediaType(requestBody.content, contentType);
    if (!found) {
      const declared = Object.keys(requestBody.content).join(", ");
      return [{ at: "header.Content-Type", message: `must be one of ${declared} (got ${contentType ?? "none"})` }];
    }
    const [mediaType] = found;
    const pointer = `${entry.pointer}/requestBody/content/${pointerSegment(mediaType)}/schema`;
    return this.#validateDecoded(entry.operation.requestBody, pointer, mediaType, body);
  }

  /** Validates a response: the status must be declared, its media type declared, and a JSON body must match. */
  validateResponse(
    entry: OperationEntry,
    status: number,
    contentType: string | null,
    body: unknown,
  ): ValidationIssue[] {
    const key = String(status) in entry.operation.responses ? String(status) : `${String(status)[0]}XX`;
    const declared = entry.operation.responses[key] ?? entry.operation.responses["default"];
    if (!declared) {
      return [{ at: "status", message: `${status} is not declared for ${entry.operation.operationId}` }];
    }
    const response = resolveRef<ResponseObject>(this.document, declared);
    if (!response.content) {
      return body === undefined || body === "" ? [] : [{ at: "body", message: "must be empty" }];
    }
    // `x-body-optional`: the vendor documents when this response comes without a body (Cumulocity without Accept).
    if (response["x-body-optional"] === true && contentType === null && (body === undefined || body === "")) {
      return [];
    }
    const found = findMediaType(response.content, contentType);
    if (!found) {
      const media = Object.keys(response.content).join(", ");
      return [{ at: "header.Content-Type", message: `must be one of ${media} (got ${contentType ?? "none"})` }];
    }
    const [mediaType] = found;
    const responsePointer = `${entry.pointer}/responses/${key}`;
    return this.#validateDecoded(
      declared,
      `${responsePointer}/content/${pointerSegment(mediaType)}/schema`,
      mediaType,
      body,
    );
  }

  // A referenced request body or response lives under components: follow the reference to build the pointer.
  #validateDecoded(node: unknown, pointer: string, mediaType: string, body: unknown): ValidationIssue[] {
    const resolvedPointer = pointerThroughRef(node, pointer);
    if (isJsonMediaType(mediaType) || mediaType.toLowerCase().startsWith("multipart/")) {
      return this.validateAt(resolvedPointer, replaceBlobs(body));
    }
    return [];
  }
}

// `#/paths/.../responses/404` may itself be `{ $ref: '#/components/responses/X' }`: validate under the target.
function pointerThroughRef(node: unknown, pointer: string): string {
  const ref = (node as { $ref?: unknown } | undefined)?.$ref;
  if (typeof ref !== "string") {
    return pointer;
  }
  const marker = pointer.match(/\/(?:requestBody|responses\/[^/]+)\//)?.[0];
  if (!marker) {
    return pointer;
  }
  return ref + pointer.slice(pointer.indexOf(marker) + marker.length - 1);
}

// Files are bytes, not JSON: a Blob stands for a `type: string` binary property.
function replaceBlobs(value: unknown): unknown {
  if (typeof Blob !== "undefined" && value instanceof Blob) {
    return "";
  }
  if (Array.isArray(value)) {
    return value.map(replaceBlobs);
  }
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceBlobs(item)]));
  }
  return value;
}

function queryValue(
  query: URLSearchParams,
  name: string,
  schema: SchemaObject | undefined,
  explode: boolean | undefined,
): string | string[] | undefined {
  if (!query.has(name)) {
    return undefined;
  }
  if (schema?.["type"] === "array") {
    const values = query.getAll(name);
    return explode === false ? values.flatMap((value) => value.split(",")) : values;
  }
  return query.get(name) ?? undefined;
}

// Parameters arrive as text; turn them into the JSON types their schema asks for, so Ajv judges the value.
function coerce(raw: string | string[], schema: SchemaObject): unknown {
  if (Array.isArray(raw)) {
    const items = (schema["items"] ?? {}) as SchemaObject;
    return raw.map((item) => coerce(item, items));
  }
  const types = ([] as unknown[]).concat(schema["type"] ?? []);
  if ((types.includes("integer") || types.includes("number")) && /^-?\d+(\.\d+)?$/.test(raw)) {
    return Number(raw);
  }
  if (types.includes("boolean") && (raw === "true" || raw === "false")) {
    return raw === "true";
  }
  if (types.includes("array")) {
    return raw.split(",");
  }
  return raw;
}

function toIssues(errors: ErrorObject[], at: string): ValidationIssue[] {
  return errors.map((error) => ({
    at: error.instancePath ? `${at}${error.instancePath}` : at,
    message:
      error.keyword === "additionalProperties"
        ? `has an unknown property "${String(error.params["additionalProperty"])}"`
        : (error.message ?? error.keyword),
  }));
}
