import {
  HTTP_METHODS,
  type HttpMethod,
  type OpenApiDocument,
  type OperationObject,
  type ParameterObject,
  pointerSegment,
  resolveRef,
  type ServerObject,
} from "./openapi.ts";

/** One operation of the document with everything needed to route and validate a request to it. */
export interface OperationEntry {
  method: HttpMethod;
  pathTemplate: string;
  /** JSON pointer of the operation inside the document, for schema look-ups. */
  pointer: string;
  operation: OperationObject;
  /** Path-level and operation-level parameters, references resolved, the operation's winning on name clashes. */
  parameters: ResolvedParameter[];
  servers: ServerObject[];
}

/** A parameter with the JSON pointer of its schema, so that validation resolves the schema's own references. */
export interface ResolvedParameter extends ParameterObject {
  schemaPointer: string;
}

/** The result of matching a request line against the document's paths. */
export type OperationMatch =
  | { kind: "operation"; entry: OperationEntry; params: Record<string, string>; rawParams: Record<string, string> }
  | { kind: "method-not-allowed"; pathTemplate: string; allowed: HttpMethod[] }
  | { kind: "no-path" };

interface CompiledPath {
  template: string;
  basePaths: string[];
  pattern: RegExp;
  names: string[];
  literalLength: number;
  byMethod: Map<HttpMethod, OperationEntry>;
}

/** Every operation in the document, in document order. */
export function listOperations(document: OpenApiDocument): OperationEntry[] {
  const entries: OperationEntry[] = [];
  for (const [pathTemplate, pathItem] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!operation) {
        continue;
      }
      const pathPointer = `#/paths/${pointerSegment(pathTemplate)}`;
      const declared = [
        ...(pathItem.parameters ?? []).map(
          (parameter, index) => [parameter, `${pathPointer}/parameters/${index}`] as const,
        ),
        ...(operation.parameters ?? []).map(
          (parameter, index) => [parameter, `${pathPointer}/${method}/parameters/${index}`] as const,
        ),
      ];
      const parameters = new Map<string, ResolvedParameter>();
      for (const [parameter, pointer] of declared) {
        const resolved = resolveRef<ParameterObject>(document, parameter);
        const schemaPointer = `${"$ref" in parameter ? parameter.$ref : pointer}/schema`;
        parameters.set(`${resolved.in}:${resolved.name.toLowerCase()}`, { ...resolved, schemaPointer });
      }
      entries.push({
        method,
        pathTemplate,
        pointer: `${pathPointer}/${method}`,
        operation,
        parameters: [...parameters.values()],
        servers: operation.servers ?? pathItem.servers ?? document.servers ?? [],
      });
    }
  }
  return entries;
}

/** The path part of a server URL with its variables at their defaults: `https://api.pingone.{suffix}/v1` gives `/v1`. */
export function serverBasePath(server: ServerObject): string {
  const url = server.url.replace(/\{([^}]+)\}/g, (_, name: string) => server.variables?.[name]?.default ?? "x");
  const pathname = new URL(url, "http://base.invalid").pathname;
  return pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
}

const ESCAPED = /[.*+?^${}()|[\]\\]/g;

function compilePath(template: string, entries: OperationEntry[]): CompiledPath {
  const names: string[] = [];
  let literalLength = 0;
  let source = "";
  for (const part of template.split(/(\{[^}]+\})/)) {
    const name = /^\{([^}]+)\}$/.exec(part)?.[1];
    if (name === undefined) {
      literalLength += part.length;
      source += part.replace(ESCAPED, "\\$&");
      continue;
    }
    names.push(name);
    // A parameter marked `x-multi-segment` spans several path segments (an HDAP DN path: `dc=com/dc=example`).
    const multi = entries.some((entry) =>
      entry.parameters.some((p) => p.in === "path" && p.name === name && p["x-multi-segment"] === true),
    );
    source += multi ? "(.+)" : "([^/]+?)";
  }
  const basePaths = [...new Set(entries.flatMap((entry) => entry.servers.map(serverBasePath)))];
  // `x-trailing-slash`: the vendor writes the path with and without a final slash (4D's `/rest/Employee/?$filter`).
  const trailingSlash = entries.some((entry) => entry.operation["x-trailing-slash"] === true) ? "/?" : "";
  return {
    template,
    basePaths: basePaths.length > 0 ? basePaths : [""],
    pattern: new RegExp(`^${source}${trailingSlash}$`),
    names,
    literalLength,
    byMethod: new Map(entries.map((entry) => [entry.method, entry])),
  };
}

// Percent-decodes a path, except `%2F` and `%25`: those must survive so that segments and parameters stay intact.
function decodePathKeepingSeparators(pathname: string): string | undefined {
  try {
    return pathname.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) =>
      run.replace(/%(?!2[Ff]|25)[0-9A-Fa-f]{2}(?:%(?!2[Ff]|25)[0-9A-Fa-f]{2})*/g, (chunk) => decodeURIComponent(chunk)),
    );
  } catch {
    return undefined;
  }
}

/** Routes requests to the document's operations: literal paths win over templates, longer literals over shorter. */
export class OperationRouter {
  readonly operations: OperationEntry[];
  readonly #paths: CompiledPath[];

  constructor(document: OpenApiDocument) {
    this.operations = listOperations(document);
    const byTemplate = new Map<string, OperationEntry[]>();
    for (const entry of this.operations) {
      byTemplate.set(entry.pathTemplate, [...(byTemplate.get(entry.pathTemplate) ?? []), entry]);
    }
    this.#paths = [...byTemplate].map(([template, entries]) => compilePath(template, entries));
    // Literal paths first (`/rest/$upload` before `/rest/{dataClass}`), then the most literal characters
    // (`/rest/{dataClass}({key})` before `/rest/{dataClass}`, whose parameter would swallow `User(5)`).
    const templated = (path: CompiledPath) => (path.names.length > 0 ? 1 : 0);
    this.#paths.sort(
      (a, b) => templated(a) - templated(b) || b.literalLength - a.literalLength || a.names.length - b.names.length,
    );
  }

  /** Finds the operation for a method and a raw (percent-encoded) URL path. */
  match(method: string, rawPathname: string): OperationMatch {
    const pathname = decodePathKeepingSeparators(rawPathname);
    if (pathname === undefined) {
      return { kind: "no-path" };
    }
    const wanted = method.toLowerCase() as HttpMethod;
    for (const path of this.#paths) {
      for (const basePath of path.basePaths) {
        if (!pathname.startsWith(basePath)) {
          continue;
        }
        const found = path.pattern.exec(pathname.slice(basePath.length));
        if (!found) {
          continue;
        }
        const entry = path.byMethod.get(wanted);
        if (!entry) {
          return { kind: "method-not-allowed", pathTemplate: path.template, allowed: [...path.byMethod.keys()] };
        }
        const rawParams: Record<string, string> = {};
        const params: Record<string, string> = {};
        for (const [index, name] of path.names.entries()) {
          const raw = found[index + 1] ?? "";
          rawParams[name] = raw;
          params[name] = safeDecode(raw) ?? raw;
        }
        return { kind: "operation", entry, params, rawParams };
      }
    }
    return { kind: "no-path" };
  }
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
