import type { components } from "../../../generated/schema.ts";
import type { Problem, ProblemKind } from "../runtime/types.ts";
import { CUMULOCITY_MEDIA_TYPES, jsonResponse } from "./media-types.ts";

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
