import type { components } from "../../../generated/schema.ts";
import type { Problem, ProblemKind } from "../runtime/types.ts";

/*
 * How Cumulocity answers in JSON: its vendor media types and `Accept` negotiation, the empty body of a write without
 * `Accept`, and the `{error, message, info}` error body.
 */

/** Cumulocity's vendor media types of the JSON bodies this API answers. */
export const CUMULOCITY_MEDIA_TYPES = {
  managedObject: "application/vnd.com.nsn.cumulocity.managedobject+json",
  managedObjectCollection: "application/vnd.com.nsn.cumulocity.managedobjectcollection+json",
  error: "application/vnd.com.nsn.cumulocity.error+json",
} as const;

interface MediaRange {
  essence: string;
  quality: number;
}

function parseAccept(accept: string): MediaRange[] {
  return accept.split(",").flatMap((item) => {
    const [essence = "", ...parameters] = item.split(";").map((part) => part.trim().toLowerCase());
    if (essence === "") {
      return [];
    }
    const q = parameters.find((parameter) => parameter.startsWith("q="));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    return [{ essence, quality: Number.isFinite(quality) ? quality : 0 }];
  });
}

// How well an Accept list takes a media type: the quality of its most specific matching range (RFC 9110 §12.5.1).
function acceptance(ranges: MediaRange[], mediaType: string): { quality: number; specificity: number } {
  const [type] = mediaType.split("/");
  let best = { quality: 0, specificity: -1 };
  for (const range of ranges) {
    const specificity =
      range.essence === mediaType ? 2 : range.essence === `${type}/*` ? 1 : range.essence === "*/*" ? 0 : -1;
    if (specificity > best.specificity) {
      best = { quality: range.quality, specificity };
    }
  }
  return best;
}

/**
 * The media type of a JSON answer: the vendor type or `application/json`, whichever the `Accept` header prefers
 * (case-insensitive, `ver` and `charset` ignored). Without `Accept`, with a wildcard only, or when neither is
 * acceptable, the vendor type, which is what Cumulocity answers by default; on a tie the more specific match wins.
 */
function negotiateJson(accept: string | null, vendorType: string): string {
  const ranges = parseAccept(accept ?? "");
  const vendor = acceptance(ranges, vendorType);
  const json = acceptance(ranges, "application/json");
  const prefersJson =
    json.quality > vendor.quality ||
    (json.quality === vendor.quality && json.quality > 0 && json.specificity > vendor.specificity);
  return prefersJson ? "application/json" : `${vendorType};charset=UTF-8;ver=0.9`;
}

/** A JSON response under the negotiated media type. */
export function jsonResponse(
  body: unknown,
  init: { status: number; accept: string | null; vendorType: string; headers?: Record<string, string> },
): Response {
  return new Response(JSON.stringify(body), {
    status: init.status,
    headers: { ...init.headers, "content-type": negotiateJson(init.accept, init.vendorType) },
  });
}

/**
 * The success answer of a POST or PUT: Cumulocity returns an empty body when the request has no `Accept` header
 * ("The Accept header should be provided in all POST/PUT requests, otherwise an empty response body will be
 * returned"), and the managed object otherwise.
 */
export function writeResponse(
  body: unknown,
  init: { status: number; accept: string | null; vendorType: string; headers?: Record<string, string> },
): Response {
  if (init.accept === null || init.accept.trim() === "") {
    return new Response(null, { status: init.status, headers: init.headers ?? {} });
  }
  return jsonResponse(body, init);
}

type CumulocityError = components["schemas"]["CumulocityError"];

const INFO = "https://www.cumulocity.com/guides/reference-guide/#error_reporting";

// `<resource>/<name>` per kind. The 401, 403 and 404 names are Cumulocity's own; the others are assumptions that
// the document marks as such.
const ERROR_NAMES: Record<ProblemKind, string> = {
  "bad-request": "undefined/validationError",
  unauthorized: "security/Unauthorized",
  forbidden: "security/Forbidden",
  "not-found": "inventory/Not Found",
  "method-not-allowed": "general/methodNotAllowed",
  conflict: "inventory/Duplicate",
  "precondition-failed": "general/preconditionFailed",
  "payload-too-large": "general/requestEntityTooLarge",
  "unsupported-media-type": "general/unsupportedMediaType",
  "range-not-satisfiable": "inventory/rangeNotSatisfiable",
  "too-many-requests": "general/tooManyRequests",
  internal: "general/internalError",
};

// The runtime calls a replacement without Content-Type unsupported (415), but the document declares no 415 on PUT:
// a replacement is a raw body of any type, and an unusable one is Cumulocity's 400.
function asDeclared(problem: Problem, request: Request): Problem {
  if (problem.kind === "unsupported-media-type" && request.method === "PUT") {
    return {
      status: 400,
      kind: "bad-request",
      message: "A replacement needs a Content-Type: send the file's media type, or application/octet-stream.",
    };
  }
  if (problem.kind === "unauthorized" && !request.headers.has("authorization")) {
    return { ...problem, message: "Full authentication is required to access this resource" };
  }
  return problem;
}

/**
 * Renders a problem as Cumulocity's `{error, message, info}` body, under the vendor error type unless the client
 * prefers `application/json`. An anonymous `401` carries Cumulocity's own message for a missing login.
 */
export function renderCumulocityProblem(found: Problem, context: { request: Request }): Response {
  const { request } = context;
  const problem = asDeclared(found, request);
  const body: CumulocityError = { error: ERROR_NAMES[problem.kind], message: problem.message, info: INFO };
  return jsonResponse(body, {
    status: problem.status,
    accept: request.headers.get("accept"),
    vendorType: CUMULOCITY_MEDIA_TYPES.error,
    ...(problem.headers ? { headers: problem.headers } : {}),
  });
}
