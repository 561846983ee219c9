import type { ErrorDescriber, ErrorDescription } from "../core/api-error.ts";
import type { CumulocityErrorBody } from "./types.ts";

/**
 * Response headers searched for a request id. No Cumulocity source names one for the inventory (assumption): this is
 * the generic `X-Request-Id` that the ingress in front of a tenant, or a proxy, may add.
 */
export const CUMULOCITY_REQUEST_ID_HEADERS: readonly string[] = ["x-request-id"];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Whether a parsed error body is Cumulocity's `{error, message}` (an ingress's HTML page or another JSON shape is not).
 *
 * @example
 * if (isApiError(error) && isCumulocityErrorBody(error.body)) console.log(error.body.info);
 */
export function isCumulocityErrorBody(body: unknown): body is CumulocityErrorBody {
  return isRecord(body) && typeof body["error"] === "string" && typeof body["message"] === "string";
}

/**
 * Reads Cumulocity's `error` (`<resource>/<name>`, the ApiError's `code`) and `message` out of an error body.
 * Servers spell names inconsistently (`inventory/Not Found` on the wire, `inventory/notFound` in the specification),
 * so branch on the status and show the message.
 *
 * @example
 * describeCumulocityError({ error: "inventory/Not Found", message: "Finding device data from database failed" });
 * // { code: "inventory/Not Found", message: "Finding device data from database failed" }
 */
export const describeCumulocityError: ErrorDescriber = (body): ErrorDescription => {
  if (!isRecord(body)) {
    return {};
  }
  const error = body["error"];
  const message = body["message"];
  return {
    code: typeof error === "string" && error !== "" ? error : undefined,
    message: typeof message === "string" && message !== "" ? message : undefined,
  };
};

/** Cumulocity's vendor media types of the JSON bodies the binaries API answers. */
export const CUMULOCITY_MEDIA_TYPES = {
  managedObject: "application/vnd.com.nsn.cumulocity.managedobject+json",
  managedObjectCollection: "application/vnd.com.nsn.cumulocity.managedobjectcollection+json",
  error: "application/vnd.com.nsn.cumulocity.error+json",
} as const;

// The generated Java/Kotlin/.NET clients list the vendor type with the error type; application/json is what the
// official JS and Python clients send, so a server or proxy that knows only that one still answers with JSON.
// For POST and PUT an Accept header is what makes Cumulocity answer a body at all.

/** `Accept` of an upload or a replacement: the managed object, errors, or plain JSON. */
export const ACCEPT_MANAGED_OBJECT: string = `${CUMULOCITY_MEDIA_TYPES.managedObject}, ${CUMULOCITY_MEDIA_TYPES.error}, application/json`;

/** `Accept` of a list: the collection, errors, or plain JSON. */
export const ACCEPT_COLLECTION: string = `${CUMULOCITY_MEDIA_TYPES.managedObjectCollection}, ${CUMULOCITY_MEDIA_TYPES.error}, application/json`;

/** `Accept` of a download: the file in whatever type it was stored with (errors still come as JSON). */
export const ACCEPT_FILE = "*/*";
