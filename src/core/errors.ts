import type { ApiError } from "./api-error.ts";
import { type Redactor, redactCredentialPatterns, redactErrorChain, redactUrl } from "./redact.ts";

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
export function cleanText(text: string, redactor: Redactor | undefined): string {
  return redactor ? redactor.redact(text) : redactCredentialPatterns(text);
}

function cleanUrl(url: string | undefined, redactor: Redactor | undefined): string | undefined {
  return url === undefined || url === "" ? undefined : cleanText(redactUrl(url), redactor);
}

/** `cumulocity GET https://…/inventory/binaries/42`, or as much of it as is known. */
export function requestLabel(facts: RequestFacts): string {
  const url = cleanUrl(facts.url, facts.redactor);
  return [facts.api, facts.method, url].filter((part) => part !== undefined).join(" ") || "request";
}

export function truncate(text: string, length: number): string {
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
