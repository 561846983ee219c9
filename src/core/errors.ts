import { MAX_ERROR_BODY_BYTES, readBoundedText } from "./bounded-body.ts";
import { type Redactor, redactCredentialPatterns, redactErrorChain, redactHeaders, redactUrl } from "./redact.ts";
import { parseRetryAfter } from "./retry-after.ts";
import { statusText as reasonPhrase } from "./status-text.ts";

/** The four APIs bytewire talks to; every error says which one answered. */
export type ApiName = "hdap" | "fourd" | "cumulocity" | "pingone";

/** The `name` of every bytewire error class. */
export type BytewireErrorName =
  | "BytewireError"
  | "ApiError"
  | "NetworkError"
  | "TimeoutError"
  | "AbortError"
  | "InvalidInputError";

const ERROR_NAMES: ReadonlySet<string> = new Set<BytewireErrorName>([
  "BytewireError",
  "ApiError",
  "NetworkError",
  "TimeoutError",
  "AbortError",
  "InvalidInputError",
]);

// Symbol.for() is shared by all realms, so an error thrown in an iframe or a worker-evaluated copy still carries it.
// `name` alone is not enough: DOMException also uses "AbortError" and "TimeoutError".
const BRAND = Symbol.for("bytewire.error");

// The API's own message is quoted in our message; a proxy's HTML page or a stack trace is not worth more.
const MAX_QUOTED_MESSAGE_LENGTH = 500;

/** Base class of every error bytewire throws. */
export class BytewireError extends Error {
  override name: BytewireErrorName = "BytewireError";

  /** Creates the error; `cause` is kept as the standard `Error.cause`. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }

  /** A plain object safe to log: name and message only (subclasses add their request facts). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message };
  }
}
Object.defineProperty(BytewireError.prototype, BRAND, { value: true });

/** Whether a value is a bytewire error, also when it comes from another realm (iframe, duplicated bundle). */
export function isBytewireError(error: unknown): error is BytewireError {
  if (error instanceof BytewireError) {
    return true;
  }
  if (typeof error !== "object" || error === null || !(BRAND in error)) {
    return false;
  }
  const name: unknown = Reflect.get(error, "name");
  return Reflect.get(error, BRAND) === true && typeof name === "string" && ERROR_NAMES.has(name);
}

/** Whether a value is an {@link ApiError} (cross-realm safe). */
export function isApiError(error: unknown): error is ApiError {
  return isBytewireError(error) && error.name === "ApiError";
}

/** Whether a value is a {@link NetworkError} (cross-realm safe). */
export function isNetworkError(error: unknown): error is NetworkError {
  return isBytewireError(error) && error.name === "NetworkError";
}

/** Whether a value is a bytewire {@link TimeoutError} (cross-realm safe; a DOMException "TimeoutError" is not). */
export function isTimeoutError(error: unknown): error is TimeoutError {
  return isBytewireError(error) && error.name === "TimeoutError";
}

/** Whether a value is a bytewire {@link AbortError} (cross-realm safe; a DOMException "AbortError" is not). */
export function isAbortError(error: unknown): error is AbortError {
  return isBytewireError(error) && error.name === "AbortError";
}

/** Which request an error is about; `url` is printed only after {@link redactUrl} and the redactor. */
export interface RequestFacts {
  /** The API that was called, when known. */
  api?: ApiName | undefined;
  /** The HTTP method, upper case. */
  method?: string | undefined;
  /** The request URL (redacted before it is stored). */
  url?: string | undefined;
  /** Removes the client's registered secrets from the URL, the message and the body. */
  redactor?: Redactor | undefined;
}

function cleanText(text: string, redactor: Redactor | undefined): string {
  return redactor ? redactor.redact(text) : redactCredentialPatterns(text);
}

function cleanUrl(url: string | undefined, redactor: Redactor | undefined): string | undefined {
  return url === undefined || url === "" ? undefined : cleanText(redactUrl(url), redactor);
}

function requestLabel(api: ApiName | undefined, method: string | undefined, url: string | undefined): string {
  return [api, method, url].filter((part) => part !== undefined).join(" ") || "request";
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

/** What an API's error body says, as extracted by {@link ErrorDescriber}. */
export interface ErrorDescription {
  /** The API's own error code: HDAP `reason`/`code`, 4D `errCode`, Cumulocity `error`, PingOne `code`. */
  code?: string | number | undefined;
  /** The API's own human-readable message. */
  message?: string | undefined;
}

/**
 * Reads the code and message out of one API's parsed error body. Each client passes its own; the body is
 * `unknown` because a proxy in between may answer with anything.
 *
 * @example
 * // Cumulocity: {"error":"inventory/notFound","message":"Finding with id 42 failed"}
 * const describe: ErrorDescriber = (body) =>
 *   isRecord(body) ? { code: stringOr(body.error), message: stringOr(body.message) } : {};
 */
export type ErrorDescriber = (body: unknown) => ErrorDescription;

/** Reads `code` (string or number) and `message` (string) from a JSON object; the fallback describer. */
export const describeGenericError: ErrorDescriber = (body) => {
  if (typeof body !== "object" || body === null) {
    return {};
  }
  const code: unknown = Reflect.get(body, "code");
  const message: unknown = Reflect.get(body, "message");
  return {
    code: typeof code === "string" || typeof code === "number" ? code : undefined,
    message: typeof message === "string" ? message : undefined,
  };
};

/** Everything needed to build an {@link ApiError}. */
export interface ApiErrorInit<Body> extends RequestFacts {
  api: ApiName;
  /** HTTP status of the answer. */
  status: number;
  /** The reason phrase; RFC 9110's is used when empty. */
  statusText?: string | undefined;
  /** The API's own error code. */
  code?: string | number | undefined;
  /** The API's own message, quoted in `message` (redacted, shortened to 500 characters). */
  apiMessage?: string | undefined;
  /** The parsed error body (JSON when it parsed, else text, else `undefined`). */
  body: Body;
  /** The request id the server sent back, if any. */
  requestId?: string | undefined;
  /** Response headers; credentials are replaced before they are stored. */
  headers?: HeadersInit | undefined;
  /** Seconds the server asked to wait (`Retry-After`, `retry-after-ms`). */
  retryAfter?: number | undefined;
}

/** How {@link ApiError.fromResponse} and {@link ApiError.fromBody} turn a response into an error. */
export interface ApiErrorContext extends RequestFacts {
  api: ApiName;
  /** Extracts the API's code and message from the parsed body. @default describeGenericError */
  describe?: ErrorDescriber | undefined;
  /** Response headers that carry a request id, first match wins. @default ["x-request-id"] */
  requestIdHeaders?: readonly string[] | undefined;
  /** The most bytes of an error body that are read. @default 65536 */
  maxBodyBytes?: number | undefined;
}

/** Default response headers searched for a request id. */
export const DEFAULT_REQUEST_ID_HEADERS: readonly string[] = ["x-request-id"];

/**
 * An HTTP answer that is not a success, from any of the four APIs. `message` reads
 * `cumulocity GET https://t100.example.com/inventory/binaries/42: 404 Not Found (inventory/notFound: Finding with id 42 failed)`
 * and never contains a credential: the URL is redacted and the API's message is scrubbed of the client's secrets.
 *
 * @example
 * try {
 *   await client.download(id);
 * } catch (error) {
 *   if (isApiError(error) && error.status === 404) {
 *     // gone
 *   }
 * }
 */
export class ApiError<Body = unknown> extends BytewireError {
  override name = "ApiError" as const;
  /** HTTP status. */
  readonly status: number;
  /** Which API answered. */
  readonly api: ApiName;
  /** The API's own code (HDAP reason/code, 4D errCode, Cumulocity `error`, PingOne `code`), if it sent one. */
  readonly code: string | number | undefined;
  /** The parsed error body, with the client's secrets replaced; typed per API by the client. */
  readonly body: Body;
  /** The request id from the response headers, if any. */
  readonly requestId: string | undefined;
  /** HTTP method of the failed request. */
  readonly method: string | undefined;
  /** URL of the failed request, redacted. */
  readonly url: string | undefined;
  /** Response headers, with credential headers (`Set-Cookie`, ...) replaced by `[REDACTED]`. */
  readonly headers: Headers;
  /** Seconds the server asked the client to wait before trying again, if it said. */
  readonly retryAfter: number | undefined;

  /** Builds the error from facts already known; prefer {@link ApiError.fromResponse}. */
  constructor(init: ApiErrorInit<Body>) {
    const url = cleanUrl(init.url, init.redactor);
    const code = typeof init.code === "string" ? cleanText(init.code, init.redactor) : init.code;
    const apiMessage =
      init.apiMessage === undefined || init.apiMessage === ""
        ? undefined
        : truncate(cleanText(init.apiMessage, init.redactor), MAX_QUOTED_MESSAGE_LENGTH);
    const detail =
      code !== undefined && apiMessage !== undefined
        ? ` (${code}: ${apiMessage})`
        : code !== undefined || apiMessage !== undefined
          ? ` (${code ?? apiMessage})`
          : "";
    const phrase = reasonPhrase(init.status, init.statusText);
    super(`${requestLabel(init.api, init.method, url)}: ${init.status}${phrase ? ` ${phrase}` : ""}${detail}`);
    this.status = init.status;
    this.api = init.api;
    this.code = code;
    this.body = init.redactor ? init.redactor.redactValue(init.body) : init.body;
    this.requestId = init.requestId;
    this.method = init.method;
    this.url = url;
    this.headers = new Headers(redactHeaders(init.headers, init.redactor));
    this.retryAfter = init.retryAfter;
  }

  /**
   * Turns a non-2xx response into an error, reading at most `maxBodyBytes` (64 KiB) of its body as text and parsing
   * it as JSON when it looks like JSON. The rest of the body is cancelled, so a failed download is not buffered.
   */
  static async fromResponse(response: Response, context: ApiErrorContext): Promise<ApiError> {
    const { text } = await readBoundedText(response, context.maxBodyBytes ?? MAX_ERROR_BODY_BYTES);
    return ApiError.fromBody(response, parseErrorBody(text, response.headers.get("content-type")), context);
  }

  /**
   * Turns a non-2xx response whose body was already read and parsed (openapi-fetch's `error`) into an error.
   */
  static fromBody<Body>(response: Response, body: Body, context: ApiErrorContext): ApiError<Body> {
    const description = (context.describe ?? describeGenericError)(body);
    const retryAfterMs = parseRetryAfter(response.headers);
    return new ApiError<Body>({
      api: context.api,
      status: response.status,
      statusText: response.statusText,
      method: context.method,
      url: context.url ?? response.url,
      code: description.code,
      apiMessage: description.message,
      body,
      requestId: findRequestId(response.headers, context.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS),
      headers: response.headers,
      retryAfter: retryAfterMs === undefined ? undefined : retryAfterMs / 1000,
      redactor: context.redactor,
    });
  }

  /** A plain object safe to log: no body, credential headers redacted. */
  override toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      api: this.api,
      status: this.status,
      code: this.code,
      requestId: this.requestId,
      method: this.method,
      url: this.url,
      retryAfter: this.retryAfter,
      headers: Object.fromEntries(this.headers),
    };
  }
}

/** The first of `names` present in `headers`, if any. */
export function findRequestId(headers: Headers, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = headers.get(name);
    if (value !== null && value !== "") {
      return value;
    }
  }
  return undefined;
}

/** Parses an error body: `undefined` when empty, JSON when the type or the first character says JSON, else text. */
export function parseErrorBody(text: string, contentType: string | null): unknown {
  const trimmed = text.trim();
  if (trimmed === "") {
    return undefined;
  }
  if (/\bjson\b|\+json/i.test(contentType ?? "") || trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function causeSummary(cause: unknown): { name: string; message: string } | undefined {
  return cause instanceof Error ? { name: cause.name, message: cause.message } : undefined;
}

/** The innermost `code` (ECONNREFUSED, ...) or message of an error chain, for a one-line reason. */
function innermostReason(error: unknown): string | undefined {
  let reason: string | undefined;
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    const code: unknown = Reflect.get(current, "code");
    reason = typeof code === "string" ? code : current.message || reason;
    current = current.cause;
  }
  return reason;
}

/** The connection failed before an answer arrived (DNS, refused, reset, TLS, CORS in browsers). */
export class NetworkError extends BytewireError {
  override name = "NetworkError" as const;
  /** Which API was called, when known. */
  readonly api: ApiName | undefined;
  /** HTTP method of the request. */
  readonly method: string | undefined;
  /** URL of the request, redacted. */
  readonly url: string | undefined;

  /** Wraps the error the fetch implementation threw; its messages are scrubbed of the client's secrets. */
  constructor(init: RequestFacts & { cause: unknown }) {
    if (init.redactor) {
      redactErrorChain(init.cause, init.redactor);
    }
    const url = cleanUrl(init.url, init.redactor);
    const reason = innermostReason(init.cause);
    super(
      `${requestLabel(init.api, init.method, url)}: network error${reason ? ` (${truncate(cleanText(reason, init.redactor), 200)})` : ""}`,
      { cause: init.cause },
    );
    this.api = init.api;
    this.method = init.method;
    this.url = url;
  }

  /** A plain object safe to log, with the cause's name and message. */
  override toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      api: this.api,
      method: this.method,
      url: this.url,
      cause: causeSummary(this.cause),
    };
  }
}

/** No response headers arrived within `timeout` milliseconds. */
export class TimeoutError extends BytewireError {
  override name = "TimeoutError" as const;
  /** Which API was called, when known. */
  readonly api: ApiName | undefined;
  /** HTTP method of the request. */
  readonly method: string | undefined;
  /** URL of the request, redacted. */
  readonly url: string | undefined;
  /** The limit that was exceeded, in milliseconds. */
  readonly timeout: number;

  /** Creates the error for a request that waited `timeout` ms. */
  constructor(init: RequestFacts & { timeout: number }) {
    const url = cleanUrl(init.url, init.redactor);
    super(`${requestLabel(init.api, init.method, url)}: no response within ${init.timeout} ms`);
    this.api = init.api;
    this.method = init.method;
    this.url = url;
    this.timeout = init.timeout;
  }

  /** A plain object safe to log. */
  override toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      api: this.api,
      method: this.method,
      url: this.url,
      timeout: this.timeout,
    };
  }
}

/** The caller's `AbortSignal` aborted the request; `cause` is the signal's `reason`. */
export class AbortError extends BytewireError {
  override name = "AbortError" as const;
  /** Which API was called, when known. */
  readonly api: ApiName | undefined;
  /** HTTP method of the request. */
  readonly method: string | undefined;
  /** URL of the request, redacted. */
  readonly url: string | undefined;

  /** Creates the error; `cause` should be `signal.reason`. */
  constructor(init: RequestFacts & { cause: unknown }) {
    const url = cleanUrl(init.url, init.redactor);
    super(`${requestLabel(init.api, init.method, url)}: aborted`, { cause: init.cause });
    this.api = init.api;
    this.method = init.method;
    this.url = url;
  }

  /** A plain object safe to log, with the abort reason's name and message. */
  override toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      api: this.api,
      method: this.method,
      url: this.url,
      cause: causeSummary(this.cause),
    };
  }
}
