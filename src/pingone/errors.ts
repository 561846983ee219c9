import type { ErrorDescriber, ErrorDescription } from "../core/api-error.ts";
import type { PingOneErrorBody } from "./types.ts";

/**
 * Response headers that may carry a request id. PingOne's documentation names none (the reference notes list only the
 * request headers `X-Ping-External-Transaction-ID` / `-Session-ID`), so this is the generic header a gateway in front
 * may add; `P1Error.id` is preferred over it (the id PingOne support asks for).
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
  return {
    code,
    message: detail === undefined ? message : message === undefined ? detail : `${message} ${detail}`,
    requestId: typeof body["id"] === "string" && body["id"] !== "" ? body["id"] : undefined,
  };
};
