export { bundledDocument } from "./document/bundled.ts";
export type { OperationEntry, OperationMatch, ResolvedParameter } from "./document/operations.ts";
export { listOperations, OperationRouter, pointerSegment, resolveRef, serverBasePath } from "./document/operations.ts";
export type { OpenApiDocument } from "./document/types.ts";
export type { ValidationIssue } from "./document/validator.ts";
export { DocumentValidator, findMediaType, isJsonMediaType } from "./document/validator.ts";
