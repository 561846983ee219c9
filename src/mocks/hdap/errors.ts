import type { components } from "../../../generated/schema.ts";
import type { Problem, ProblemKind } from "../runtime/types.ts";
import { jsonResponse } from "./json-response.ts";

type HdapError = components["schemas"]["HdapError"];

/** A problem with the optional structured `detail` of the Common REST error body (password quality advice). */
export interface HdapProblem extends Problem {
  detail?: Record<string, unknown>;
}

// Common REST's reason phrases (ResourceException); 413 keeps the old HTTP wording DS uses.
const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  412: "Precondition Failed",
  413: "Request Entity Too Large",
  415: "Unsupported Media Type",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

const KINDS: Record<number, ProblemKind> = {
  400: "bad-request",
  401: "unauthorized",
  403: "forbidden",
  404: "not-found",
  412: "precondition-failed",
  413: "payload-too-large",
};

/** A problem for an HDAP status; `message` follows DS's `<LDAP result>: <diagnostic>` style where one applies. */
export function hdapProblem(status: number, message: string, detail?: Record<string, unknown>): HdapProblem {
  const problem: HdapProblem = { status, kind: KINDS[status] ?? "internal", message };
  if (detail) {
    problem.detail = detail;
  }
  return problem;
}

// The document declares no 415 for HDAP (no HDAP page shows one), so a body of another media type is a 400, which is
// what Common REST answers for a body it cannot read.
function finalStatus(problem: Problem): number {
  return problem.kind === "unsupported-media-type" ? 400 : problem.status;
}

/** Renders a problem as the Common REST `HdapError` body, `code` repeating the status; honours `_prettyPrint`. */
export function renderHdapProblem(problem: Problem, context: { request: Request }): Response {
  const status = finalStatus(problem);
  const body: HdapError = { code: status, reason: REASONS[status] ?? "Error", message: problem.message };
  const detail = (problem as HdapProblem).detail;
  if (detail) {
    body.detail = detail;
  }
  return jsonResponse(new URL(context.request.url), status, body, problem.headers);
}
