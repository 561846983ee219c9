import type { components } from "../../../generated/schema.ts";
import type { Problem, ProblemKind } from "../runtime/types.ts";

/*
 * 4D's errors: the `__ERROR` items with 4D's codes, the problems that carry them, and the renderer that answers every
 * problem in 4D's shape.
 */

/** One item of 4D's `__ERROR` array. */
export type FourDErrorItem = components["schemas"]["FourDErrorItem"];

// The database name that 4D's "Cannot save record" message names.
const DATABASE = "bytewire";

function item(errCode: number, message: string): FourDErrorItem {
  return { message, componentSignature: "dbmg", errCode };
}

/**
 * The error items the mock raises, with 4D's codes and, where 4D documents them, its messages. The codes marked as
 * assumptions in the document (1557, 1800, 1805, 1806, 1807) are its own choice for errors 4D documents no code for.
 */
export const fourDErrors = {
  stampChanged: (table: string, record: number): FourDErrorItem =>
    item(1263, `Given stamp does not match current one for record# ${record} of table ${table}`),
  cannotSaveRecord: (table: string, record: number): FourDErrorItem =>
    item(1046, `Cannot save record ${record} in table ${table} of database ${DATABASE}`),
  entityCannotBeSaved: (dataClass: string, key: number | string, reason?: string): FourDErrorItem =>
    item(1517, `The entity# ${key} in the "${dataClass}" dataclass cannot be saved${reason ? `: ${reason}` : ""}`),
  newEntityCannotBeSaved: (dataClass: string, reason?: string): FourDErrorItem =>
    item(1534, `The new entity of the "${dataClass}" dataclass cannot be saved${reason ? `: ${reason}` : ""}`),
  uploadNotFound: (id: string): FourDErrorItem => item(1517, `The upload ${id} does not exist or has expired`),
  entityNotFound: (dataClass: string, key: string): FourDErrorItem =>
    item(1542, `Cannot find entity with "${key}" key in the "${dataClass}" dataclass`),
  noReadPermission: (dataClass: string): FourDErrorItem =>
    item(1557, `No permission to read for dataClass ${dataClass}`),
  noUpdatePermission: (dataClass: string): FourDErrorItem =>
    item(1558, `No permission to update for dataClass ${dataClass}`),
  noUploadPermission: (): FourDErrorItem => item(1558, "No permission to upload files without a session"),
  valueFailsValidation: (message: string): FourDErrorItem => item(1569, message),
  entityFailsValidation: (): FourDErrorItem => item(1570, "Entity fails validation"),
  attributeNotFound: (attribute: string, dataClass: string): FourDErrorItem =>
    item(1500, `The "${attribute}" attribute cannot be found in The "${dataClass}" dataclass`),
  attributeListNotBuilt: (attribute: string, dataClass: string): FourDErrorItem =>
    item(1804, `Cannot completely build a list of attributes with "${attribute}" for the "${dataClass}" dataclass`),
  dataClassNotFound: (dataClass: string): FourDErrorItem =>
    item(1800, `The "${dataClass}" dataclass does not exist or is not exposed to REST`),
  noResource: (path: string): FourDErrorItem => item(1800, `No REST resource answers ${path}`),
  missingExpand: (): FourDErrorItem =>
    item(1805, "$expand must name the attribute to load when $binary or $imageformat is used"),
  badRequest: (message: string): FourDErrorItem => item(1806, message),
  noFreeSession: (): FourDErrorItem =>
    item(1807, "No session available: the maximum number of REST sessions is reached"),
} as const;

type FourDError = components["schemas"]["FourDError"];

/** A problem that carries 4D's own error items; the renderer sends them as they are. */
export interface FourDProblem extends Problem {
  errors: FourDErrorItem[];
}

/** A problem answered with the given `__ERROR` items. */
export function fourDProblem(status: number, kind: ProblemKind, errors: FourDErrorItem[]): FourDProblem {
  return { status, kind, message: errors[0]?.message ?? "", errors };
}

/** `400` errCode 1806: a malformed parameter or body. */
export function badRequest(message: string): FourDProblem {
  return fourDProblem(400, "bad-request", [fourDErrors.badRequest(message)]);
}

/** `404` errCode 1800: no dataclass of this name is exposed. */
export function dataClassNotFound(name: string): FourDProblem {
  return fourDProblem(404, "not-found", [fourDErrors.dataClassNotFound(name)]);
}

/** `404` errCodes 1500 then 1804: the dataclass has no attribute of this name. */
export function attributeNotFound(attribute: string, dataClass: string): FourDProblem {
  return fourDProblem(404, "not-found", [
    fourDErrors.attributeNotFound(attribute, dataClass),
    fourDErrors.attributeListNotBuilt(attribute, dataClass),
  ]);
}

/** `404` errCode 1542: no entity has this key. */
export function entityNotFound(dataClass: string, key: string): FourDProblem {
  return fourDProblem(404, "not-found", [fourDErrors.entityNotFound(dataClass, key)]);
}

/** `400` errCode 1805: `$binary` or `$imageformat` without `$expand` naming the attribute. */
export function missingExpand(): FourDProblem {
  return fourDProblem(400, "bad-request", [fourDErrors.missingExpand()]);
}

function isFourDProblem(problem: Problem): problem is FourDProblem {
  return Array.isArray((problem as Partial<FourDProblem>).errors);
}

// Friendlier words for the document's parameter rules that clients most often break.
const PARAMETER_HINTS: Record<string, string> = {
  "query.$filter": `$filter must be wrapped in double quotes, for example $filter="department='HR'"`,
  "query.$orderby": `$orderby must be wrapped in double quotes, for example $orderby="lastName desc"`,
  "query.$params": `$params must be a JSON array in single quotes, for example $params='["john",20000]'`,
  "query.$imageformat": "$imageformat must be best, GIF, PNG, JPEG or TIFF (or .png, image/png...)",
};

// The dataclass of `/rest/User?$method=update` (the only operation besides $upload that needs a session).
function dataClassOf(path: string): string {
  const segment = path.slice("/rest/".length).split(/[/(]/)[0] ?? "";
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

// The runtime's own problems (validation, body limits, routing, auth) in 4D's words. The document declares no 413
// or 415 for 4D, so an oversized body or an undeclared Content-Type is a malformed request (400, errCode 1806).
function asFourD(problem: Problem, request: Request): FourDProblem {
  if (isFourDProblem(problem)) {
    return problem;
  }
  const path = new URL(request.url).pathname;
  switch (problem.kind) {
    case "unauthorized": {
      if (path === "/rest/$upload" || path === "/rest/%24upload") {
        return fourDProblem(401, "unauthorized", [fourDErrors.noUploadPermission()]);
      }
      return fourDProblem(401, "unauthorized", [fourDErrors.noUpdatePermission(dataClassOf(path))]);
    }
    case "not-found":
      return fourDProblem(404, "not-found", [fourDErrors.noResource(path)]);
    case "method-not-allowed":
      return fourDProblem(405, "method-not-allowed", [fourDErrors.badRequest(problem.message)]);
    case "internal":
      // Not a 4D error but the mock's own failure: say so rather than imitate a database code.
      return fourDProblem(500, "internal", [{ message: problem.message, componentSignature: "mock", errCode: 500 }]);
    case "unsupported-media-type":
      return badRequest(
        `${problem.message} Send the file's own type (image/png, image/jpeg, application/pdf...) or application/octet-stream to $upload, and JSON to $method=update.`,
      );
    default: {
      const hint = problem.details?.map((detail) => PARAMETER_HINTS[detail.target]).find(Boolean);
      return badRequest(hint ?? problem.message);
    }
  }
}

/** Renders a problem as 4D's `{"__ERROR": [...]}` body. */
export function renderFourDProblem(problem: Problem, context: { request: Request }): Response {
  const rendered = asFourD(problem, context.request);
  const body: FourDError = { __ERROR: rendered.errors };
  return Response.json(body, { status: rendered.status, headers: rendered.headers ?? {} });
}
