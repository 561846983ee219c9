import {
  type ApiName,
  BytewireError,
  cleanText,
  type ErrorKind,
  type RequestFacts,
  requestLabel,
  truncate,
} from "./errors.ts";
import { redactHeaders } from "./redact.ts";

// The error of an answer that is not a success: what the status means, what the API's body says, and the ApiError
// that carries both.

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
