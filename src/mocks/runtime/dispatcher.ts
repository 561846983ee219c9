import { http, type RequestHandler } from "msw";
import {
  bundledDocument,
  type MediaTypeObject,
  type OpenApiDocument,
  type RequestBodyObject,
  resolveRef,
  type SchemaObject,
} from "../document/openapi.ts";
import { type OperationEntry, OperationRouter } from "../document/operations.ts";
import { DocumentValidator, findMediaType, isJsonMediaType, type ValidationIssue } from "../document/validator.ts";
import { ignoreBody, parseBody } from "./body.ts";
import { parseMediaType } from "./media-type.ts";
import { requestTargetProblem } from "./request-target.ts";
import { type ApiMock, isProblem, type MockContext, type ParsedBody, type Problem } from "./types.ts";

/** What the dispatcher found when it checked a mock response against the document. */
export interface ResponseCheck {
  operationId: string;
  status: number;
  issues: ValidationIssue[];
}

/** Options of {@link MockDispatcher}. */
export interface DispatcherOptions {
  /** The document to route and validate against. @default the bundled document */
  document?: OpenApiDocument;
  /**
   * Check every response against the document: `"throw"` turns an invalid response into a 500 naming the issues
   * (tests use it), `"report"` only calls `onResponseChecked`. @default "off"
   */
  validateResponses?: "off" | "report" | "throw";
  /** Called after each response check. */
  onResponseChecked?: (check: ResponseCheck) => void;
  /** Called when an implementation throws; the client gets the API's 500 body. */
  onError?: (error: unknown, operationId: string) => void;
  /** The mock's clock in milliseconds. @default Date.now */
  now?: () => number;
  /**
   * Receives the cookies an operation sets instead of a `Set-Cookie` header. Browsers drop that header from a
   * response a service worker makes up, so the browser worker stores them in `document.cookie` itself.
   * @default undefined (a `Set-Cookie` header)
   */
  onSetCookie?: ((cookie: string) => void) | undefined;
}

const UTF8 = new TextDecoder();

function problem(status: number, kind: Problem["kind"], message: string, issues?: ValidationIssue[]): Problem {
  return issues
    ? { status, kind, message, details: issues.map((issue) => ({ target: issue.at, message: issue.message })) }
    : { status, kind, message };
}

function describeIssues(issues: ValidationIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.at} ${issue.message}`)
    .join("; ");
}

function isRawBinarySchema(schema: SchemaObject): boolean {
  return (
    schema["type"] === "string" &&
    (schema["format"] === "binary" ||
      (schema["contentMediaType"] !== undefined && schema["contentEncoding"] === undefined))
  );
}

// Multipart parts arrive as bytes. The document's schema says what each part is: a file stands in as a Blob for the
// validator; JSON parts, numbers and booleans are decoded as their schema (or encoding) says; the rest stays text.
function multipartForValidation(
  document: OpenApiDocument,
  media: MediaTypeObject | undefined,
  body: Extract<ParsedBody, { kind: "multipart" }>,
): Record<string, unknown> {
  const schema = media?.schema ? resolveRef<SchemaObject>(document, media.schema) : {};
  const properties = (schema["properties"] ?? {}) as Record<string, SchemaObject>;
  const value: Record<string, unknown> = {};
  for (const part of body.parts.values()) {
    const declared = properties[part.name];
    const property = declared ? resolveRef<SchemaObject>(document, declared) : undefined;
    if (property && isRawBinarySchema(property)) {
      value[part.name] = new Blob([]);
      continue;
    }
    const encoding = media?.encoding?.[part.name]?.contentType ?? part.contentType ?? "";
    const type = property?.["type"];
    if (type === "object" || type === "array" || isJsonMediaType(encoding)) {
      value[part.name] = parseJsonOr(part.text);
    } else if ((type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(part.text.trim())) {
      value[part.name] = Number(part.text.trim());
    } else if (type === "boolean" && (part.text === "true" || part.text === "false")) {
      value[part.name] = part.text === "true";
    } else {
      value[part.name] = part.text;
    }
  }
  return value;
}

function parseJsonOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Routes a request to the mocked API operation the document names, after the checks a real server does first:
 * authentication, parameter and body validation against the document, and body size limits. Answers every problem in
 * the API's own error shape, and can check every response against the document.
 */
export class MockDispatcher {
  readonly router: OperationRouter;
  readonly validator: DocumentValidator;
  readonly #apis: Map<string, ApiMock<unknown>>;
  readonly #options: DispatcherOptions;
  readonly #now: () => number;

  constructor(apis: ApiMock<unknown>[], options: DispatcherOptions = {}) {
    const document = options.document ?? bundledDocument;
    this.router = new OperationRouter(document);
    // Cheap: every validator over a document shares its compiled schemas.
    this.validator = new DocumentValidator(document);
    this.#apis = new Map(apis.map((api) => [api.tag, api]));
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Operations of the document that no mocked API implements. */
  missingImplementations(): OperationEntry[] {
    return this.router.operations.filter((entry) => {
      const api = this.#apiOf(entry);
      return !api?.operations[entry.operation.operationId];
    });
  }

  /** Answers a request, or `undefined` when it is not for one of the mocked APIs. */
  async dispatch(request: Request, cookies: Record<string, string> = {}): Promise<Response | undefined> {
    const url = new URL(request.url);
    const render = (api: ApiMock<unknown>, found: Problem) => api.renderProblem(found, { request, now: this.#now });
    const targetProblem = requestTargetProblem(request, url);
    if (targetProblem) {
      const api = this.#apiByPath(url.pathname);
      if (api) {
        ignoreBody(request);
      }
      return api && render(api, targetProblem);
    }
    const match = this.router.match(request.method, url.pathname);
    if (match.kind === "no-path") {
      const api = this.#apiByPath(url.pathname);
      if (api) {
        ignoreBody(request);
      }
      return api && render(api, problem(404, "not-found", `No resource at ${url.pathname}.`));
    }
    if (match.kind === "method-not-allowed") {
      const entry = this.router.operations.find((candidate) => candidate.pathTemplate === match.pathTemplate);
      const api = entry && this.#apiOf(entry);
      if (!api) {
        return undefined;
      }
      ignoreBody(request);
      const response = render(api, problem(405, "method-not-allowed", `${request.method} is not allowed here.`));
      response.headers.set("Allow", match.allowed.map((method) => method.toUpperCase()).join(", "));
      return response;
    }
    const { entry } = match;
    const api = this.#apiOf(entry);
    if (!api) {
      return undefined;
    }
    const operationId = entry.operation.operationId;
    try {
      const answer = await this.#answer(api, entry, request, url, match.params, match.rawParams, cookies);
      const response = isProblem(answer) ? render(api, answer) : answer;
      return await this.#checked(api, entry, request, response);
    } catch (error) {
      this.#options.onError?.(error, operationId);
      return render(api, problem(500, "internal", "The mock server failed to handle this request."));
    } finally {
      // Whatever the operation did not read (a 401 before the body, an operation without one) is let go here.
      ignoreBody(request);
    }
  }

  #apiByPath(pathname: string): ApiMock<unknown> | undefined {
    return [...this.#apis.values()].find((candidate) =>
      candidate.pathPrefixes.some((prefix) => pathname.startsWith(prefix)),
    );
  }

  #apiOf(entry: OperationEntry): ApiMock<unknown> | undefined {
    const [tag] = entry.operation.tags ?? [];
    return tag === undefined ? undefined : this.#apis.get(tag);
  }

  async #answer(
    api: ApiMock<unknown>,
    entry: OperationEntry,
    request: Request,
    url: URL,
    params: Record<string, string>,
    rawParams: Record<string, string>,
    requestCookies: Record<string, string>,
  ): Promise<Response | Problem> {
    const cookies: string[] = [];
    const names = Object.keys(requestCookies);
    const base = {
      request,
      url,
      operation: entry,
      params,
      rawParams,
      query: url.searchParams,
      headers: request.headers,
      cookie:
        request.headers.get("cookie") ??
        (names.length === 0 ? null : names.map((name) => `${name}=${requestCookies[name]}`).join("; ")),
      now: this.#now,
      setCookie: (cookie: string) => {
        cookies.push(cookie);
      },
    };
    const auth = await api.authenticate(base);
    if ("problem" in auth) {
      return auth.problem;
    }
    const anonymousAllowed = (entry.operation.security ?? []).some(
      (requirement) => Object.keys(requirement).length === 0,
    );
    if (auth.principal === undefined && !anonymousAllowed) {
      return problem(401, "unauthorized", "Authentication is required.");
    }
    const parameterIssues = this.validator.validateParameters(entry, {
      path: params,
      query: url.searchParams,
      headers: request.headers,
    });
    if (parameterIssues.length > 0) {
      return problem(400, "bad-request", `Invalid request: ${describeIssues(parameterIssues)}.`, parameterIssues);
    }
    const body = await this.#readBody(api, entry, request);
    if (isProblem(body)) {
      return body;
    }
    const bodyIssues = this.#validateBody(entry, request, body);
    if (bodyIssues.length > 0) {
      const status = bodyIssues.some((issue) => issue.at === "header.Content-Type") ? 415 : 400;
      const kind = status === 415 ? "unsupported-media-type" : "bad-request";
      return problem(status, kind, `Invalid request body: ${describeIssues(bodyIssues)}.`, bodyIssues);
    }
    const implementation = api.operations[entry.operation.operationId];
    if (!implementation) {
      return problem(500, "internal", `${entry.operation.operationId} is not implemented by the mock.`);
    }
    const context: MockContext<unknown> = { ...base, body, principal: auth.principal };
    const answer = await implementation(context);
    return isProblem(answer) ? answer : this.#withCookies(answer, cookies);
  }

  #withCookies(response: Response, cookies: string[]): Response {
    if (cookies.length === 0) {
      return response;
    }
    const onSetCookie = this.#options.onSetCookie;
    if (onSetCookie) {
      cookies.forEach(onSetCookie);
      return response;
    }
    const headers = new Headers(response.headers);
    for (const cookie of cookies) {
      headers.append("set-cookie", cookie);
    }
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }

  // Like real servers, an operation without a request body ignores one sent anyway (the dispatcher lets it go). A
  // Content-Type that is no media type, or one the operation does not take, is refused before a byte is read, so
  // only an operation that takes multipart (or any type) ever parses parts.
  async #readBody(api: ApiMock<unknown>, entry: OperationEntry, request: Request): Promise<ParsedBody | Problem> {
    if (!entry.operation.requestBody) {
      return { kind: "none" };
    }
    const header = request.headers.get("content-type");
    const mediaType = header === null ? undefined : parseMediaType(header);
    if (header !== null && mediaType === undefined) {
      return problem(415, "unsupported-media-type", "The Content-Type header is not a media type (RFC 9110).", [
        { at: "header.Content-Type", message: "is not a media type (RFC 9110 §8.3.1)" },
      ]);
    }
    const requestBody = resolveRef<RequestBodyObject>(this.validator.document, entry.operation.requestBody);
    const declared = mediaType && findMediaType(requestBody.content, mediaType.essence)?.[0];
    if (mediaType && declared === undefined) {
      const issues = this.validator.validateRequestBody(entry, header, new Uint8Array());
      return problem(415, "unsupported-media-type", `Invalid request body: ${describeIssues(issues)}.`, issues);
    }
    return parseBody(request, {
      mediaType,
      multipart: mediaType?.type === "multipart",
      limit: api.maxBodyBytes,
      tooLargeStatus: api.bodyTooLargeStatus ?? 413,
    });
  }

  #validateBody(entry: OperationEntry, request: Request, body: ParsedBody): ValidationIssue[] {
    const contentType = request.headers.get("content-type");
    switch (body.kind) {
      case "none":
        return this.validator.validateRequestBody(entry, contentType, undefined);
      case "json":
        return this.validator.validateRequestBody(entry, contentType, body.value);
      case "multipart": {
        const requestBody = entry.operation.requestBody
          ? resolveRef<RequestBodyObject>(this.validator.document, entry.operation.requestBody)
          : undefined;
        const media = findMediaType(requestBody?.content, contentType)?.[1];
        return this.validator.validateRequestBody(
          entry,
          contentType,
          multipartForValidation(this.validator.document, media, body),
        );
      }
      case "binary":
        return this.validator.validateRequestBody(entry, contentType, body.bytes);
    }
  }

  async #checked(
    api: ApiMock<unknown>,
    entry: OperationEntry,
    request: Request,
    response: Response,
  ): Promise<Response> {
    const mode = this.#options.validateResponses ?? "off";
    if (mode === "off") {
      return response;
    }
    const contentType = response.headers.get("content-type");
    let body: unknown;
    if (response.body !== null && (contentType === null || isJsonMediaType(contentType))) {
      // Read once and answer with the same bytes: cheaper than a clone, whose tee doubles the streams.
      const bytes = await response.arrayBuffer();
      response = new Response(bytes, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
      if (contentType === null) {
        body = bytes.byteLength > 0 ? "<bytes>" : undefined;
      } else {
        const text = UTF8.decode(bytes);
        try {
          body = text === "" ? undefined : JSON.parse(text);
        } catch {
          body = text;
        }
      }
    }
    const issues = this.validator.validateResponse(entry, response.status, contentType, body);
    const check = { operationId: entry.operation.operationId, status: response.status, issues };
    this.#options.onResponseChecked?.(check);
    if (issues.length > 0 && mode === "throw") {
      const message = `Mock response of ${check.operationId} (${response.status}) does not match the document: ${describeIssues(issues)}`;
      this.#options.onError?.(new Error(message), check.operationId);
      return api.renderProblem(problem(500, "internal", message), { request, now: this.#now });
    }
    return response;
  }
}

/**
 * One MSW handler in front of the dispatcher: it answers the requests that belong to a mocked API and lets all
 * others through, so the same handlers work in `setupServer`, `setupWorker` and the HTTP mock server. MSW's
 * `cookies` carry the page's cookies in the browser, where the request itself cannot.
 */
export function createMswHandlers(dispatcher: MockDispatcher): RequestHandler[] {
  // A predicate rather than the path "*": MSW percent-decodes a matched path and throws on `%ZZ`, which must reach
  // the dispatcher to get the API's own 400.
  return [http.all(matchEveryRequest, async ({ request, cookies }) => dispatcher.dispatch(request, cookies))];
}

function matchEveryRequest(): boolean {
  return true;
}
