export type { MockBackend, MockBackendOptions } from "./backend.ts";
export { createMockBackend } from "./backend.ts";
export type {
  CumulocityMockOptions,
  CumulocityMockUser,
  CumulocityPrincipal,
  CumulocityRole,
} from "./cumulocity/index.ts";
export { createCumulocityMock } from "./cumulocity/index.ts";
export type { OpenApiDocument } from "./document/openapi.ts";
export {
  bundledDocument,
  latin1Bytes,
  namedExample,
  namedExampleBytes,
  pointerSegment,
  resolveRef,
} from "./document/openapi.ts";
export type { OperationEntry, OperationMatch, ResolvedParameter } from "./document/operations.ts";
export { listOperations, OperationRouter, serverBasePath } from "./document/operations.ts";
export type { ValidationIssue } from "./document/validator.ts";
export { DocumentValidator, findMediaType, isJsonMediaType } from "./document/validator.ts";
export type {
  FourDAttributeKind,
  FourDDataClassDefinition,
  FourDEntityDefinition,
  FourDFile,
  FourDMockOptions,
  FourDMockUser,
  FourDPrincipal,
} from "./fourd/index.ts";
export { createFourDMock } from "./fourd/index.ts";
export type { HdapLockoutPolicy, HdapMockOptions, HdapPrincipal, HdapSeedEntry } from "./hdap/index.ts";
export { createHdapMock } from "./hdap/index.ts";
export type { PingOneMockOptions, PingOnePrincipal } from "./pingone/index.ts";
export { createPingOneMock } from "./pingone/index.ts";
export type { DispatcherOptions, ResponseCheck } from "./runtime/dispatcher.ts";
export { createMswHandlers, MockDispatcher } from "./runtime/dispatcher.ts";
export type {
  ApiMock,
  AuthResult,
  MockApiName,
  MockContext,
  MultipartValue,
  OperationImplementation,
  ParsedBody,
  Problem,
  ProblemKind,
} from "./runtime/types.ts";
