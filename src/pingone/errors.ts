import {
  ApiError,
  type ApiErrorContext,
  type ErrorDescriber,
  type ErrorDescription,
  findRequestId,
} from "../core/errors.ts";
import { parseRetryAfter } from "../core/retry-after.ts";
import type { PingOneErrorBody } from "./types.ts";

/**
 * Response headers that may carry a request id. PingOne's documentation names none (the reference notes list only the
 * request headers `X-Ping-External-Transaction-ID` / `-Session-ID`), so this is the generic header a gateway in front
 * may add; `P1Error.id` is preferred over it (see {@link pingOneRequestId}).
 */
export const PINGONE_REQUEST_ID_HEADERS: readonly string[] = ["x-request-id"];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Whether a parsed error body is PingOne's `P1Error` (`id`, `code` and `message` strings); a gateway's HTML page or
 * another JSON shape is not.
 *
 * @example
 * if (isApiError(error) && isPingOneErrorBody(error.body)) console.log(error.body.details);
 */
export function isPingOneErrorBody(body: unknown): body is PingOneErrorBody {
  return (
    isRecord(body) &&
    typeof body["id"] === "string" &&
    typeof body["code"] === "string" &&
    typeof body["message"] === "string"
  );
}

function firstDetail(body: Record<string, unknown>): string | undefined {
  const details = body["details"];
  if (!Array.isArray(details) || details.length === 0) {
    return undefined;
  }
  const [first] = details as unknown[];
  if (!isRecord(first) || typeof first["message"] !== "string") {
    return undefined;
  }
  const target = typeof first["target"] === "string" ? `${first["target"]}: ` : "";
  const more = details.length > 1 ? ` (+${details.length - 1} more)` : "";
  return `${target}${first["message"]}${more}`;
}

/**
 * Reads `code` and `message` out of a `P1Error`. The message is followed by the first detail (`target: message`),
 * because PingOne's top-level message is generic ("One or more validation errors were in the request.") and the
 * detail says what was wrong.
 *
 * @example
 * describePingOneError({ id: "…", code: "INVALID_DATA", message: "…request.", details: [{ code: "INVALID_VALUE", target: "image", message: "Not a PNG." }] });
 * // { code: "INVALID_DATA", message: "…request. image: Not a PNG." }
 */
export const describePingOneError: ErrorDescriber = (body): ErrorDescription => {
  if (!isRecord(body)) {
    return {};
  }
  const code = typeof body["code"] === "string" ? body["code"] : undefined;
  const message = typeof body["message"] === "string" ? body["message"] : undefined;
  const detail = firstDetail(body);
  return { code, message: detail === undefined ? message : message === undefined ? detail : `${message} ${detail}` };
};

/**
 * The id PingOne support asks for: `P1Error.id` when the body is a `P1Error`, else a request-id header of a gateway
 * in between, if any.
 */
export function pingOneRequestId(headers: Headers, body: unknown): string | undefined {
  return isPingOneErrorBody(body) ? body.id : findRequestId(headers, PINGONE_REQUEST_ID_HEADERS);
}

/**
 * Builds the {@link ApiError} of a non-2xx PingOne answer whose body openapi-fetch has already parsed: code and message
 * from {@link describePingOneError}, `requestId` from {@link pingOneRequestId}, `retryAfter` from `Retry-After`.
 */
export function pingOneApiError(response: Response, body: unknown, context: ApiErrorContext): ApiError {
  const description = describePingOneError(body);
  const retryAfterMs = parseRetryAfter(response.headers);
  return new ApiError<unknown>({
    api: "pingone",
    status: response.status,
    statusText: response.statusText,
    method: context.method,
    url: context.url ?? response.url,
    code: description.code,
    apiMessage: description.message,
    body,
    requestId: pingOneRequestId(response.headers, body),
    headers: response.headers,
    retryAfter: retryAfterMs === undefined ? undefined : retryAfterMs / 1000,
    redactor: context.redactor,
  });
}
