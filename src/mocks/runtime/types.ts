import type { OperationEntry } from "../document/operations.ts";

/** The four mocked APIs. */
export type MockApiName = "hdap" | "fourd" | "cumulocity" | "pingone";

/** What went wrong, independent of the API; each API renders it in its own error body. */
export type ProblemKind =
  | "bad-request"
  | "unauthorized"
  | "forbidden"
  | "not-found"
  | "method-not-allowed"
  | "conflict"
  | "precondition-failed"
  | "payload-too-large"
  | "unsupported-media-type"
  | "range-not-satisfiable"
  | "too-many-requests"
  | "internal";

/** A problem to render as an API error response. */
export interface Problem {
  status: number;
  kind: ProblemKind;
  /** Human-readable message; never contains credentials. */
  message: string;
  /** Field-level details (validation issues), rendered where the API has a place for them. */
  details?: { target: string; message: string }[];
  /** Headers the error response must carry (`Retry-After`, `Content-Range`, `WWW-Authenticate`). */
  headers?: Record<string, string>;
}

/** A request body, decoded as its Content-Type says. */
export type ParsedBody =
  | { kind: "none" }
  | { kind: "json"; value: unknown; bytes: Uint8Array }
  | {
      kind: "multipart";
      /** Parts by name; a part with a filename or a non-text content type is a File, others are strings. */
      parts: Map<string, MultipartValue>;
    }
  | { kind: "binary"; bytes: Uint8Array; contentType: string | undefined };

/** One part of a multipart/form-data body. */
export interface MultipartValue {
  name: string;
  filename: string | undefined;
  contentType: string | undefined;
  bytes: Uint8Array;
  /** The part decoded as UTF-8 text (meaningful for text parts). */
  text: string;
}

/** Everything an operation implementation gets. */
export interface MockContext<Principal> {
  request: Request;
  url: URL;
  operation: OperationEntry;
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
  /** Path parameters as they appeared in the URL (a multi-segment parameter keeps its `/` and `%2F` apart). */
  rawParams: Record<string, string>;
  query: URLSearchParams;
  headers: Headers;
  /**
   * The request's cookies as a `Cookie` header value: the header itself, or in the browser worker the page's cookies
   * that MSW found for the request (a service worker never sees the header, and a script cannot set it).
   */
  cookie: string | null;
  body: ParsedBody;
  /** Who is calling, as the API's `authenticate` decided; `undefined` for an anonymous caller. */
  principal: Principal | undefined;
  /** Milliseconds since the epoch, from the mock's clock. */
  now: () => number;
  /**
   * Sets a cookie with the answer: a `Set-Cookie` header, or, where a browser would ignore that header (a response
   * made up by MSW's service worker), the dispatcher's `onSetCookie`.
   */
  setCookie(cookie: string): void;
}

/** The answer of an API's authentication step. */
export type AuthResult<Principal> = { principal: Principal | undefined } | { problem: Problem };

/**
 * An operation implementation: returns the response, or a problem to render in the API's error shape.
 * Declared through a method so that a mock of any principal type fits the dispatcher's list (method parameters are
 * checked bivariantly), while each mock still sees its own principal type.
 */
export type OperationImplementation<Principal> = {
  handle(context: MockContext<Principal>): Response | Problem | Promise<Response | Problem>;
}["handle"];

/** One mocked API: its operations (by operationId), authentication, error shape and body limits. */
export interface ApiMock<Principal = unknown> {
  name: MockApiName;
  /** The tag of the API's operations in the document. */
  tag: string;
  /** Implementations keyed by operationId; the document's operations of this tag must all be here. */
  operations: Record<string, OperationImplementation<Principal>>;
  /** Reads credentials from the request. No credentials means `{ principal: undefined }`. */
  authenticate(
    context: Omit<MockContext<Principal>, "principal" | "body">,
  ): AuthResult<Principal> | Promise<AuthResult<Principal>>;
  /** Renders a problem as this API's own error response. */
  renderProblem(problem: Problem, context: { request: Request; now: () => number }): Response;
  /** Largest request body accepted, in bytes; larger bodies get a `payload-too-large` problem. */
  maxBodyBytes: number;
  /** Problem status for a body over `maxBodyBytes` (APIs differ: PingOne answers 400, others 413). */
  bodyTooLargeStatus?: number;
  /** Path prefixes owned by this API (`/hdap/`), so unknown paths below them get this API's 404. */
  pathPrefixes: string[];
  /** Restores the demo data. */
  reset(): void;
}

/** True for a Problem returned by an implementation instead of a Response. */
export function isProblem(value: unknown): value is Problem {
  return (
    typeof value === "object" &&
    value !== null &&
    !(value instanceof Response) &&
    typeof (value as Problem).status === "number" &&
    typeof (value as Problem).kind === "string"
  );
}
