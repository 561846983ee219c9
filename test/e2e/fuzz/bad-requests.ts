import {
  type DocumentValidator,
  findMediaType,
  isJsonMediaType,
  latin1Bytes,
  type OpenApiDocument,
  type OperationEntry,
  type ResolvedParameter,
  resolveRef,
  serverBasePath,
} from "bytewire/mocks";
import type { FuzzApi } from "./apis.ts";
import type { Random } from "./random.ts";

/** One generated request and whether the server must refuse it. */
export interface BadRequest {
  name: string;
  api: FuzzApi;
  path: string;
  init: RequestInit & { method: string };
  /** True when the request is invalid by the document; false for garbage that may happen to be valid. */
  mustFail: boolean;
}

interface Context {
  api: FuzzApi;
  random: Random;
  limit: number;
  validator: DocumentValidator;
  document: OpenApiDocument;
  cookie: string;
}

type Schema = Record<string, unknown>;
interface MediaType {
  schema?: Schema;
  example?: unknown;
  examples?: Record<string, unknown>;
}

const BAD_NUMBERS = ["abc", "1.5e", "NaN", "12abc", "--1", "", "0x10", "1,2"];
const BAD_BOOLEANS = ["maybe", "yes", "1", "TRUE ", ""];
const GARBAGE = [
  '"',
  "'",
  "(",
  ")",
  "((",
  "\\",
  "\u0000",
  "%",
  "&&",
  "a b c",
  '"unterminated',
  "x eq",
  "! !",
  "$",
  "ü",
  "\uffff",
  "'a' AND",
  "=",
  ",,",
];

function schemaOf(context: Context, parameter: ResolvedParameter): Schema {
  return parameter.schema ? resolveRef<Schema>(context.document, parameter.schema) : {};
}

function exampleOf(context: Context, parameter: ResolvedParameter): unknown {
  if ("example" in parameter) {
    return (parameter as { example: unknown }).example;
  }
  const [first] = Object.values((parameter as { examples?: Record<string, unknown> }).examples ?? {});
  if (first !== undefined) {
    return resolveRef<{ value: unknown }>(context.document, first as never).value;
  }
  return schemaOf(context, parameter)["default"];
}

function firstExample(context: Context, media: MediaType): unknown {
  if (media.example !== undefined) {
    return media.example;
  }
  const [first] = Object.values(media.examples ?? {});
  return first === undefined ? undefined : resolveRef<{ value: unknown }>(context.document, first as never).value;
}

function basePath(entry: OperationEntry): string {
  const local = entry.servers.find((server) => server.url.startsWith("http://localhost:4010"));
  return local ? serverBasePath(local) : "";
}

function buildPath(entry: OperationEntry, context: Context, overrides: Record<string, string> = {}): string {
  let path = entry.pathTemplate;
  for (const parameter of entry.parameters.filter((p) => p.in === "path")) {
    const value = overrides[parameter.name] ?? String(exampleOf(context, parameter) ?? "x");
    const encoded = parameter["x-multi-segment"] === true ? value : encodeURIComponent(value);
    path = path.replace(`{${parameter.name}}`, encoded);
  }
  return basePath(entry) + path;
}

function validQuery(entry: OperationEntry, context: Context): URLSearchParams {
  const query = new URLSearchParams();
  for (const parameter of entry.parameters.filter((p) => p.in === "query" && p.required)) {
    query.set(parameter.name, String(exampleOf(context, parameter)));
  }
  return query;
}

function withQuery(path: string, query: URLSearchParams): string {
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

interface Body {
  mediaType: string;
  media: MediaType;
  value: unknown;
}

function requestBody(entry: OperationEntry, context: Context): Body | undefined {
  if (!entry.operation.requestBody) {
    return undefined;
  }
  const body = resolveRef<{ content: Record<string, MediaType> }>(context.document, entry.operation.requestBody);
  const [mediaType, media] = Object.entries(body.content)[0] ?? [];
  if (!mediaType || !media) {
    return undefined;
  }
  return { mediaType, media, value: firstExample(context, media) };
}

function multipart(fields: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === "string" && /[^\x20-\x7e]/.test(value)) {
      form.append(name, new Blob([latin1Bytes(value)]), `${name}.bin`);
    } else {
      form.append(name, typeof value === "string" ? value : JSON.stringify(value));
    }
  }
  return form;
}

function encodeBody(body: Body, value: unknown): BodyInit {
  if (body.mediaType.startsWith("multipart/")) {
    return multipart(value as Record<string, unknown>);
  }
  if (isJsonMediaType(body.mediaType)) {
    return JSON.stringify(value);
  }
  return typeof value === "string" ? latin1Bytes(value) : new Uint8Array([1, 2, 3]);
}

function headersFor(body: Body | undefined, auth: Record<string, string>): Record<string, string> {
  const contentType =
    body && !body.mediaType.startsWith("multipart/")
      ? body.mediaType.replace("*/*", "application/octet-stream").replace("image/*", "image/png")
      : undefined;
  return { ...auth, ...(contentType ? { "content-type": contentType } : {}) };
}

// Replaces one leaf of a JSON value with a value of another type.
function mutateType(value: unknown, random: Random): unknown {
  if (Array.isArray(value)) {
    return value.length === 0 ? 42 : value.map((item, index) => (index === 0 ? mutateType(item, random) : item));
  }
  if (typeof value === "object" && value !== null) {
    const keys = Object.keys(value);
    if (keys.length === 0) {
      return [];
    }
    const key = random.pick(keys);
    return { ...value, [key]: mutateType((value as Record<string, unknown>)[key], random) };
  }
  if (typeof value === "string") {
    return random.pick([12345, true, null, { nested: 1 }]);
  }
  if (typeof value === "number") {
    return random.pick(["not a number", false, [1]]);
  }
  return random.pick(["text", 7, {}]);
}

function badValueFor(schema: Schema, random: Random): string | undefined {
  const type = schema["type"];
  if (Array.isArray(schema["enum"])) {
    return random.pick(["not-in-the-enum", "NONE!", "zz"]);
  }
  if (type === "integer" || type === "number") {
    if (typeof schema["minimum"] === "number" && random.next() < 0.3) {
      return String(schema["minimum"] - 1 - random.int(5));
    }
    return random.pick(BAD_NUMBERS);
  }
  if (type === "boolean") {
    return random.pick(BAD_BOOLEANS);
  }
  if (typeof schema["pattern"] === "string" || schema["format"] === "uuid") {
    // Not "..": URL parsing would resolve it away before the request leaves.
    return random.pick(["!bad!", "%20", "~", "-"]);
  }
  return undefined;
}

/** Generates the bad requests for one operation; a new call gives new random variations. */
export function* badRequests(entry: OperationEntry, context: Context): Generator<BadRequest> {
  const { api, random } = context;
  const auth = api.auth(context.cookie);
  const body = requestBody(entry, context);
  const method = entry.method.toUpperCase();
  const query = validQuery(entry, context);
  const path = buildPath(entry, context);
  const validBody = body && body.value !== undefined ? encodeBody(body, body.value) : undefined;
  const base = (init: Partial<RequestInit> = {}): RequestInit & { method: string } => ({
    method,
    headers: headersFor(body, auth),
    ...(validBody !== undefined ? { body: validBody } : {}),
    ...init,
  });
  const bad = (
    name: string,
    requestPath: string,
    init: RequestInit & { method: string },
    mustFail = true,
  ): BadRequest => ({
    name: `${entry.operation.operationId}:${name}`,
    api,
    path: requestPath,
    init,
    mustFail,
  });

  for (const parameter of entry.parameters) {
    const schema = schemaOf(context, parameter);
    const badValue = badValueFor(schema, random);
    if (parameter.in === "query" && badValue !== undefined) {
      const mutated = new URLSearchParams(query);
      mutated.set(parameter.name, badValue);
      yield bad(`query-${parameter.name}`, withQuery(path, mutated), base());
    }
    if (parameter.in === "query" && parameter.required) {
      const mutated = new URLSearchParams(query);
      mutated.delete(parameter.name);
      yield bad(`missing-${parameter.name}`, withQuery(path, mutated), base());
    }
    if (parameter.in === "path" && badValue !== undefined) {
      yield bad(
        `path-${parameter.name}`,
        withQuery(buildPath(entry, context, { [parameter.name]: badValue }), query),
        base(),
      );
    }
    if (parameter.in === "header" && badValue !== undefined && !/^(if-|range)/i.test(parameter.name)) {
      yield bad(
        `header-${parameter.name}`,
        withQuery(path, query),
        base({ headers: { ...headersFor(body, auth), [parameter.name]: badValue } }),
      );
    }
    if (method === "GET" && parameter.in === "query" && schema["type"] === "string" && !schema["enum"]) {
      const mutated = new URLSearchParams(query);
      mutated.set(
        parameter.name,
        Array.from({ length: 1 + random.int(4) }, () => random.pick(GARBAGE)).join(
          random.pick(["", " ", "  and ", " or "]),
        ),
      );
      yield bad(`garbage-${parameter.name}`, withQuery(path, mutated), base(), false);
    }
  }

  const wrongAuth = api.wrongAuth(entry);
  if (wrongAuth) {
    yield bad("wrong-credentials", withQuery(path, query), base({ headers: headersFor(body, wrongAuth) }));
  }
  yield bad(
    "malformed-authorization",
    withQuery(path, query),
    base({ headers: headersFor(body, { authorization: random.pick(["Basic !!!", "Bearer", "Basic", "Digest x"]) }) }),
    api.tag !== "4D REST",
  );
  const anonymous = (entry.operation.security ?? []).some((requirement) => Object.keys(requirement).length === 0);
  if (!anonymous) {
    yield bad("no-credentials", withQuery(path, query), base({ headers: headersFor(body, {}) }));
  }

  if (body) {
    const requestPath = withQuery(path, query);
    if (isJsonMediaType(body.mediaType)) {
      yield bad(
        "bad-json",
        requestPath,
        base({ body: random.pick(['{"broken": ', "{,}", "[1,]", "\u0000", "nul", "{'single': 1}"]) }),
      );
      const mutated = mutateType(body.value, random);
      if (context.validator.validateRequestBody(entry, body.mediaType, mutated).length > 0) {
        yield bad("wrong-type", requestPath, base({ body: JSON.stringify(mutated) }));
      }
      yield bad("oversized-json", requestPath, base({ body: JSON.stringify("a".repeat(context.limit + 1)) }));
      if (api.tag === "PingDS HDAP" && method !== "DELETE") {
        const photo =
          method === "PATCH"
            ? [{ operation: "add", field: "/photo", value: "not*base64" }]
            : { photo: random.pick(["not*base64", "QQ=", "====", "YQ"]) };
        yield bad("bad-base64", requestPath, base({ body: JSON.stringify(photo) }));
      }
    } else if (body.mediaType.startsWith("multipart/")) {
      const fields = body.value as Record<string, unknown>;
      const required = (resolveRef<Schema>(context.document, body.media.schema ?? {})["required"] ?? []) as string[];
      for (const name of required) {
        const { [name]: _, ...rest } = fields;
        yield bad(`missing-part-${name}`, requestPath, base({ headers: auth, body: multipart(rest) }));
      }
      yield bad(
        "multipart-no-boundary",
        requestPath,
        base({ headers: { ...auth, "content-type": "multipart/form-data" }, body: "--x\r\n" }),
      );
      yield bad(
        "multipart-garbage",
        requestPath,
        base({ headers: { ...auth, "content-type": "multipart/form-data; boundary=zzz" }, body: random.bytes(200) }),
      );
      yield bad(
        "multipart-oversized",
        requestPath,
        base({ headers: auth, body: multipart({ ...fields, file: "x".repeat(context.limit + 1) }) }),
      );
    } else {
      yield bad("oversized-binary", requestPath, base({ body: random.bytes(context.limit + 1) }));
    }
    const declared = resolveRef<{ content: Record<string, unknown> }>(
      context.document,
      entry.operation.requestBody as never,
    ).content;
    if (!findMediaType(declared as never, "application/x-fuzz")) {
      yield bad(
        "undeclared-content-type",
        requestPath,
        base({ headers: { ...auth, "content-type": "application/x-fuzz" }, body: random.bytes(16) }),
      );
    }
  }

  const unused = ["PATCH", "PUT", "DELETE", "POST"].find(
    (candidate) => !entry.operation || !allowed(entry, candidate, context),
  );
  if (unused) {
    yield bad("method-not-allowed", withQuery(path, query), { method: unused, headers: auth });
  }
  yield bad(
    "unknown-path",
    `${path}/${random.pick(["x", "..%2F..", "%00", "a/b/c"])}/zz(1)`,
    { method: "GET", headers: auth },
    api.tag !== "PingDS HDAP",
  );
}

function allowed(entry: OperationEntry, method: string, context: Context): boolean {
  const item = context.document.paths[entry.pathTemplate] as Record<string, unknown> | undefined;
  return item?.[method.toLowerCase()] !== undefined;
}
