import { type Redactor, redactCredentialPatterns, redactErrorChain, redactHeaders, redactUrl } from "./redact.ts";

/** The four APIs bytewire talks to; every error says which one answered. */
export type ApiName = "hdap" | "fourd" | "cumulocity" | "pingone";

/**
 * What went wrong, with the same meaning on all four APIs whatever status or code the vendor used: branch on this
 * rather than on `status` (4D, for one, refuses a permission with a `200` whose body carries `__ERROR` 1558).
 *
 * - `invalid_input`: an argument was refused before anything was sent (see `InvalidInputError.code`).
 * - `invalid_request`: the server refused the request as malformed (400, 405, 415, 416, 422, other 4xx).
 * - `unauthorized`: no or wrong credentials (401). `forbidden`: the credentials lack the right (403, 4D 1558/1561).
 * - `not_found` (404, 410, 4D 1542/1800/1801), `conflict` (409), `precondition_failed` (412, 428, a stale HDAP
 *   `_rev` or 4D `__STAMP`), `too_large` (413, or a size limit checked before sending), `rate_limited` (429).
 * - `unavailable`: the server cannot take it now (503, 4D's 402 "no session left"). `server`: other 5xx.
 * - `network`: no answer (refused, reset, DNS, TLS, CORS, a body cut off). `timeout`: no answer in time.
 * - `aborted`: the caller's signal aborted. `invalid_response`: a success whose body is not what the API promises
 *   (malformed JSON, empty, shorter than announced). `unsupported`: this runtime cannot do it (refused before sending).
 */
export type ErrorKind =
  | "invalid_input"
  | "invalid_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "precondition_failed"
  | "too_large"
  | "rate_limited"
  | "unavailable"
  | "server"
  | "network"
  | "timeout"
  | "aborted"
  | "invalid_response"
  | "unsupported";

/** The `name` of every bytewire error class. */
export type BytewireErrorName =
  | "BytewireError"
  | "ApiError"
  | "NetworkError"
  | "TimeoutError"
  | "AbortError"
  | "InvalidInputError"
  | "InvalidResponseError";

const ERROR_NAMES: ReadonlySet<string> = new Set<BytewireErrorName>([
  "BytewireError",
  "ApiError",
  "NetworkError",
  "TimeoutError",
  "AbortError",
  "InvalidInputError",
  "InvalidResponseError",
]);

// Symbol.for() is shared by all realms, so an error thrown in an iframe or a worker-evaluated copy still carries it.
// `name` alone is not enough: DOMException also uses "AbortError" and "TimeoutError".
const BRAND = Symbol.for("bytewire.error");

/** Which request an error is about; `url` is stored only after {@link redactUrl} and the redactor. */
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

/** What every bytewire error is built from besides its message. */
export interface BytewireErrorInit extends RequestFacts {
  /** See {@link ErrorKind}. */
  kind: ErrorKind;
  /** The underlying error (the standard `Error.cause`). */
  cause?: unknown;
}

/** Text with the client's secrets, or at least credential-looking patterns, replaced. */
function cleanText(text: string, redactor: Redactor | undefined): string {
  return redactor ? redactor.redact(text) : redactCredentialPatterns(text);
}

function cleanUrl(url: string | undefined, redactor: Redactor | undefined): string | undefined {
  return url === undefined || url === "" ? undefined : cleanText(redactUrl(url), redactor);
}

/** `cumulocity GET https://…/inventory/binaries/42`, or as much of it as is known. */
function requestLabel(facts: RequestFacts): string {
  const url = cleanUrl(facts.url, facts.redactor);
  return [facts.api, facts.method, url].filter((part) => part !== undefined).join(" ") || "request";
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

/**
 * Base class of every error bytewire throws: `kind` says what went wrong in the same words on every API; `api`,
 * `method` and `url` (redacted) say which request, when there was one.
 */
export class BytewireError extends Error {
  override name: BytewireErrorName = "BytewireError";
  /** What went wrong; see {@link ErrorKind}. */
  readonly kind: ErrorKind;
  /** Which API was called, when known. */
  readonly api: ApiName | undefined;
  /** HTTP method of the request, when there was one. */
  readonly method: string | undefined;
  /** URL of the request, redacted (no user info, no credential-named query values, no registered secret). */
  readonly url: string | undefined;

  /** Creates the error; a plain message gets `kind` and request facts from `init`. */
  constructor(message: string, init: BytewireErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.api = init.api;
    this.method = init.method;
    this.url = cleanUrl(init.url, init.redactor);
  }

  /** A plain object safe to log: no body, no credentials. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      api: this.api,
      method: this.method,
      url: this.url,
    };
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

function isNamed<T extends BytewireError>(error: unknown, name: BytewireErrorName): error is T {
  return isBytewireError(error) && error.name === name;
}

/** Whether a value is an {@link ApiError} (cross-realm safe). */
export const isApiError = (error: unknown): error is ApiError => isNamed(error, "ApiError");
/** Whether a value is a {@link NetworkError} (cross-realm safe). */
export const isNetworkError = (error: unknown): error is NetworkError => isNamed(error, "NetworkError");
/** Whether a value is a bytewire {@link TimeoutError} (cross-realm safe; a DOMException "TimeoutError" is not). */
export const isTimeoutError = (error: unknown): error is TimeoutError => isNamed(error, "TimeoutError");
/** Whether a value is a bytewire {@link AbortError} (cross-realm safe; a DOMException "AbortError" is not). */
export const isAbortError = (error: unknown): error is AbortError => isNamed(error, "AbortError");
/** Whether a value is an {@link InvalidInputError} (cross-realm safe). */
export const isInvalidInputError = (error: unknown): error is InvalidInputError => isNamed(error, "InvalidInputError");
/** Whether a value is an {@link InvalidResponseError} (cross-realm safe). */
export const isInvalidResponseError = (error: unknown): error is InvalidResponseError =>
  isNamed(error, "InvalidResponseError");

// HTTP/2 and HTTP/3 carry no reason phrase, so `response.statusText` is often empty; messages fall back to these.
const REASON_PHRASES: Readonly<Record<number, string>> = {
  200: "OK",
  201: "Created",
  206: "Partial Content",
  301: "Moved Permanently",
  302: "Found",
  303: "See Other",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  411: "Length Required",
  412: "Precondition Failed",
  413: "Content Too Large",
  414: "URI Too Long",
  415: "Unsupported Media Type",
  416: "Range Not Satisfiable",
  422: "Unprocessable Content",
  428: "Precondition Required",
  429: "Too Many Requests",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

const KIND_BY_STATUS: Readonly<Record<number, ErrorKind>> = {
  401: "unauthorized",
  // Only 4D answers 402, and means "no session left" (its licences are all taken).
  402: "unavailable",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  410: "not_found",
  412: "precondition_failed",
  413: "too_large",
  428: "precondition_failed",
  429: "rate_limited",
  503: "unavailable",
};

/** The {@link ErrorKind} an HTTP status means when the API's own code says nothing more precise. */
export function kindOfStatus(status: number): ErrorKind {
  return KIND_BY_STATUS[status] ?? (status >= 500 ? "server" : "invalid_request");
}

/** What an API's error body says, as extracted by {@link ErrorDescriber}. */
export interface ErrorDescription {
  /** The API's own error code: HDAP `code`, 4D `errCode`, Cumulocity `error`, PingOne `code`. */
  code?: string | number | undefined;
  /** The API's own human-readable message. */
  message?: string | undefined;
  /** The kind the code means, when it says more than the status (4D's errCodes, which often come with a 200). */
  kind?: ErrorKind | undefined;
  /** The id the vendor's support asks for, when the body carries one (PingOne's `P1Error.id`). */
  requestId?: string | undefined;
}

/**
 * Reads the code and message out of one API's parsed error body. Each API passes its own; the body is `unknown`
 * because a proxy in between may answer with anything.
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
  /** What the API said: code, message, and the kind when the code says more than the status. */
  description?: ErrorDescription | undefined;
  /** The parsed error body (JSON when it parsed, else text, else `undefined`). */
  body: Body;
  /** The request id from the response headers or the body, if any. */
  requestId?: string | undefined;
  /** Response headers; credentials are replaced before they are stored. */
  headers?: HeadersInit | undefined;
  /** Seconds the server asked to wait (`Retry-After`, `retry-after-ms`). */
  retryAfter?: number | undefined;
}

// The API's own message is quoted in ours; a proxy's HTML page or a stack trace is not worth more.
const MAX_QUOTED_MESSAGE_LENGTH = 500;

/**
 * An answer that is not a success, from any of the four APIs (including 4D's `200` that carries `__ERROR`).
 * `message` reads `cumulocity GET https://…/inventory/binaries/42: 404 Not Found (inventory/Not Found: …)` and never
 * contains a credential: the URL is redacted and the API's message is scrubbed of the client's secrets.
 *
 * @example
 * try {
 *   await c8y.download(id);
 * } catch (error) {
 *   if (isApiError(error) && error.kind === "not_found") {
 *     // gone
 *   }
 * }
 */
export class ApiError<Body = unknown> extends BytewireError {
  override name = "ApiError" as const;
  declare readonly api: ApiName;
  /** HTTP status (4D reports some failures with `200`: branch on `kind`). */
  readonly status: number;
  /** The API's own code (HDAP `code`, 4D `errCode` as a string, Cumulocity `error`, PingOne `code`), if sent. */
  readonly code: string | number | undefined;
  /** The parsed error body, with the client's secrets replaced; typed per API by the client. */
  readonly body: Body;
  /** The request id from the response (a header, or PingOne's `P1Error.id`), if any. */
  readonly requestId: string | undefined;
  /** Response headers, with credential headers (`Set-Cookie`, ...) replaced by `[REDACTED]`. */
  readonly headers: Headers;
  /** Seconds the server asked the client to wait before trying again, if it said. */
  readonly retryAfter: number | undefined;

  /** Builds the error from what the response said. */
  constructor(init: ApiErrorInit<Body>) {
    const description = init.description ?? {};
    const rawCode = description.code;
    const code = typeof rawCode === "string" ? cleanText(rawCode, init.redactor) : rawCode;
    const quoted =
      description.message === undefined || description.message === ""
        ? undefined
        : truncate(cleanText(description.message, init.redactor), MAX_QUOTED_MESSAGE_LENGTH);
    const detail =
      code !== undefined && quoted !== undefined
        ? ` (${code}: ${quoted})`
        : code !== undefined || quoted !== undefined
          ? ` (${code ?? quoted})`
          : "";
    const phrase = init.statusText || REASON_PHRASES[init.status] || "";
    // A status with a precise meaning (401, 404, 429, ...) says what happened; the API's code speaks where the status
    // says nothing (4D's failures at 200) or only "bad request" / "server error".
    super(`${requestLabel(init)}: ${init.status}${phrase ? ` ${phrase}` : ""}${detail}`, {
      ...init,
      kind: KIND_BY_STATUS[init.status] ?? description.kind ?? kindOfStatus(init.status),
    });
    this.status = init.status;
    this.code = code;
    this.body = init.redactor ? init.redactor.redactValue(init.body) : init.body;
    this.requestId = description.requestId ?? init.requestId;
    this.headers = new Headers(redactHeaders(init.headers, init.redactor));
    this.retryAfter = init.retryAfter;
  }

  /** A plain object safe to log: no body, credential headers redacted. */
  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      code: this.code,
      requestId: this.requestId,
      retryAfter: this.retryAfter,
      headers: Object.fromEntries(this.headers),
    };
  }
}

/**
 * Names what a value is for an error message, without its contents: `a string`, `null`, `a number`,
 * `an object (Map)`, `an object (no prototype)`.
 */
export function describeValue(value: unknown): string {
  if (value === null) {
    return "null";
  }
  const type = typeof value;
  if (type !== "object" && type !== "function") {
    return type === "undefined" ? "undefined" : `a ${type}`;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  const article = type === "object" ? "an" : "a";
  if (prototype === null) {
    return `${article} ${type} (no prototype)`;
  }
  const constructorName = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof constructorName === "string" && constructorName !== ""
    ? `${article} ${type} (${constructorName})`
    : `${article} ${type}`;
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

/** The connection failed before a whole answer arrived (DNS, refused, reset, TLS, CORS in browsers, a cut body). */
export class NetworkError extends BytewireError {
  override name = "NetworkError" as const;

  /** Wraps the error the fetch implementation threw; its messages are scrubbed of the client's secrets. */
  constructor(init: RequestFacts & { cause: unknown; reason?: string | undefined }) {
    if (init.redactor) {
      redactErrorChain(init.cause, init.redactor);
    }
    const reason = init.reason ?? innermostReason(init.cause);
    super(
      `${requestLabel(init)}: network error${reason ? ` (${truncate(cleanText(reason, init.redactor), 200)})` : ""}`,
      { ...init, kind: "network" },
    );
  }

  /** A plain object safe to log, with the cause's name and message. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), cause: causeSummary(this.cause) };
  }
}

/** No response headers arrived within `timeout` milliseconds (retries and their waits included). */
export class TimeoutError extends BytewireError {
  override name = "TimeoutError" as const;
  /** The limit that was exceeded, in milliseconds. */
  readonly timeout: number;

  /** Creates the error for a call that waited `timeout` ms. */
  constructor(init: RequestFacts & { timeout: number }) {
    super(`${requestLabel(init)}: no response within ${init.timeout} ms`, { ...init, kind: "timeout" });
    this.timeout = init.timeout;
  }

  /** A plain object safe to log. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeout: this.timeout };
  }
}

/** The caller's `AbortSignal` aborted the call; `cause` is the signal's `reason`. */
export class AbortError extends BytewireError {
  override name = "AbortError" as const;

  /** Creates the error; `cause` should be `signal.reason`. */
  constructor(init: RequestFacts & { cause: unknown }) {
    super(`${requestLabel(init)}: aborted`, { ...init, kind: "aborted" });
  }

  /** A plain object safe to log, with the abort reason's name and message. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), cause: causeSummary(this.cause) };
  }
}

/**
 * A value handed to bytewire cannot be used, found before anything was sent (or, for a stream, while it was read):
 * bad base64, an unsupported upload input, a body already read, a stream longer than it said, a file over a limit.
 * `code` says which case it is; the message describes the value (its type, a position, a length) but never repeats
 * its contents. `kind` is `invalid_input`, or `too_large` / `unsupported` where that is what the code means.
 *
 * @example
 * if (isInvalidInputError(error) && error.code === "UNSUPPORTED_INPUT") showHelp();
 */
export class InvalidInputError extends BytewireError {
  override name = "InvalidInputError" as const;
  /** What was wrong, in SCREAMING_SNAKE_CASE (`INVALID_BASE64`, `UNSUPPORTED_INPUT`, `SIZE_MISMATCH`, ...). */
  readonly code: string;

  /** Creates the error with its `code` and a message that never contains the input itself. */
  constructor(
    code: string,
    message: string,
    options: { cause?: unknown; kind?: "too_large" | "unsupported" | undefined } & RequestFacts = {},
  ) {
    super(message, { ...options, kind: options.kind ?? "invalid_input" });
    this.code = code;
  }

  /** Name, kind, code and message: safe to log, the input is never part of it. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), code: this.code };
  }
}

/**
 * A success whose body is not what the API promises: malformed JSON (`MALFORMED_JSON`), no body where one is
 * required (`EMPTY_BODY`), a body shorter or longer than its length (`BODY_LENGTH_MISMATCH`), a value of the wrong
 * shape (`UNEXPECTED_SHAPE`, `INVALID_BASE64`). Nothing of the body is quoted.
 */
export class InvalidResponseError extends BytewireError {
  override name = "InvalidResponseError" as const;
  /** What was wrong with the answer. */
  readonly code: string;
  /** HTTP status of the answer, when there was one. */
  readonly status: number | undefined;

  /** Creates the error; `message` says what was expected, never what the body held. */
  constructor(
    code: string,
    message: string,
    init: RequestFacts & { status?: number | undefined; cause?: unknown } = {},
  ) {
    const label = init.method === undefined && init.url === undefined ? "" : `${requestLabel(init)}: `;
    super(`${label}${init.status === undefined ? "" : `${init.status} `}${message}`, {
      ...init,
      kind: "invalid_response",
    });
    this.code = code;
    this.status = init.status;
  }

  /** A plain object safe to log. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), code: this.code, status: this.status };
  }
}
