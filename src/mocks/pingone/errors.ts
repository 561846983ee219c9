import type { Problem, ProblemKind } from "../runtime/types.ts";

// PingOne's codes per kind. Its docs name no status for a wrong type or an oversize file: the document assumes
// 400 INVALID_DATA for both, so the mock answers the same.
const CODES: Record<ProblemKind, [status: number, code: string]> = {
  "bad-request": [400, "INVALID_DATA"],
  "unsupported-media-type": [400, "INVALID_DATA"],
  "payload-too-large": [400, "INVALID_DATA"],
  "range-not-satisfiable": [400, "INVALID_DATA"],
  conflict: [400, "INVALID_DATA"],
  "precondition-failed": [400, "INVALID_DATA"],
  unauthorized: [401, "ACCESS_FAILED"],
  forbidden: [403, "ACCESS_FAILED"],
  "not-found": [404, "NOT_FOUND"],
  "method-not-allowed": [405, "METHOD_NOT_ALLOWED"],
  "too-many-requests": [429, "REQUEST_LIMITED"],
  internal: [500, "UNEXPECTED_ERROR"],
};

/** Renders a problem as PingOne's `P1Error` body. */
export function renderPingOneProblem(problem: Problem): Response {
  const [status, code] = CODES[problem.kind];
  const details = problem.details?.map((detail) => ({
    code: problem.kind === "payload-too-large" ? "CONSTRAINT_VIOLATION" : "INVALID_VALUE",
    target: detail.target,
    message: detail.message,
  }));
  const body = { id: crypto.randomUUID(), code, message: problem.message, ...(details ? { details } : {}) };
  const headers = { ...problem.headers, "content-type": "application/json" };
  return new Response(JSON.stringify(body), { status, headers });
}
