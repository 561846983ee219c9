import type { ApiMock, AuthResult, OperationImplementation, Problem, ProblemKind } from "../runtime/types.ts";
import { pingOneOperations } from "./operations.ts";
import { PingOneStore, seedPingOneDemo } from "./store.ts";

/*
 * The PingOne images mock: its options, bearer authentication, `P1Error` bodies, the optional rate limit, and the
 * factory that puts them together.
 */

/** Demo data and limits of the PingOne images mock. Every field has a default that matches the seed. */
export interface PingOneMockOptions {
  /** Environment IDs that exist. @default ["abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6"] (the seed's) */
  environments?: string[];
  /** Bearer tokens accepted on every environment. @default ["demo-token"] */
  tokens?: string[];
  /** Largest image accepted, in bytes. @default 2 MiB, PingOne's documented limit */
  maxImageBytes?: number;
  /** Requests allowed per window before `429 REQUEST_LIMITED`; off when undefined. @default undefined */
  rateLimit?: { requests: number; windowMs: number };
  /** Host that `targets.original.href` points at. @default "https://uploads.pingone.com" */
  uploadsBaseUrl?: string;
  /** Seed the environment with the document's example images (logo.png, userimg.jpg, icon.gif). @default true */
  demoImages?: boolean;
}

/** The options with their defaults applied. */
export type ResolvedPingOneMockOptions = Required<Omit<PingOneMockOptions, "rateLimit">> &
  Pick<PingOneMockOptions, "rateLimit">;

const DEMO_ENVIRONMENT_ID = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";

function resolvePingOneOptions(options: PingOneMockOptions = {}): ResolvedPingOneMockOptions {
  const resolved: ResolvedPingOneMockOptions = {
    environments: options.environments ?? [DEMO_ENVIRONMENT_ID],
    tokens: options.tokens ?? ["demo-token"],
    maxImageBytes: options.maxImageBytes ?? 2 * 1024 * 1024,
    uploadsBaseUrl: options.uploadsBaseUrl ?? "https://uploads.pingone.com",
    demoImages: options.demoImages ?? true,
  };
  if (options.rateLimit) {
    resolved.rateLimit = options.rateLimit;
  }
  return resolved;
}

/** A caller of the PingOne mock: the token it presented. */
export interface PingOnePrincipal {
  token: string;
}

/** Checks `Authorization: Bearer <token>` against the accepted tokens. Every PingOne operation needs one. */
function authenticatePingOne(headers: Headers, tokens: readonly string[]): AuthResult<PingOnePrincipal> {
  const authorization = headers.get("authorization");
  if (authorization === null) {
    return { principal: undefined };
  }
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  if (token === undefined || !tokens.includes(token)) {
    return {
      problem: {
        status: 401,
        kind: "unauthorized",
        message: "The request could not be completed. The access token is missing, malformed or expired.",
      },
    };
  }
  return { principal: { token } };
}

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
function renderPingOneProblem(problem: Problem): Response {
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

/** A fixed-window request counter; answers how many seconds to wait once the window is full. */
class RateLimiter {
  readonly #requests: number;
  readonly #windowMs: number;
  #windowStart = Number.NEGATIVE_INFINITY;
  #count = 0;

  constructor(limit: { requests: number; windowMs: number }) {
    this.#requests = limit.requests;
    this.#windowMs = limit.windowMs;
  }

  /** Counts a request at `now`; returns `undefined` when allowed, else the Retry-After in whole seconds. */
  take(now: number): number | undefined {
    if (now - this.#windowStart >= this.#windowMs) {
      this.#windowStart = now;
      this.#count = 0;
    }
    this.#count++;
    if (this.#count <= this.#requests) {
      return undefined;
    }
    return Math.max(1, Math.ceil((this.#windowStart + this.#windowMs - now) / 1000));
  }

  reset(): void {
    this.#windowStart = Number.NEGATIVE_INFINITY;
    this.#count = 0;
  }
}

/** The PingOne images mock: raw image uploads sniffed for type and size, bearer tokens, `P1Error` bodies. */
export function createPingOneMock(
  options: PingOneMockOptions = {},
  clock: () => number = Date.now,
): ApiMock<PingOnePrincipal> {
  const resolved = resolvePingOneOptions(options);
  const store = new PingOneStore(resolved.environments);
  const limiter = resolved.rateLimit && new RateLimiter(resolved.rateLimit);
  const seed = () => {
    store.clear();
    limiter?.reset();
    const [first] = resolved.environments;
    if (resolved.demoImages && first !== undefined) {
      seedPingOneDemo(store, first, clock());
    }
  };
  seed();

  const limited =
    (implementation: OperationImplementation<PingOnePrincipal>): OperationImplementation<PingOnePrincipal> =>
    (context) => {
      const retryAfter = limiter?.take(context.now());
      if (retryAfter === undefined) {
        return implementation(context);
      }
      return {
        status: 429,
        kind: "too-many-requests",
        message: "The request could not be completed. Too many requests were made.",
        headers: { "retry-after": String(retryAfter) },
      };
    };
  const operations = Object.fromEntries(
    Object.entries(pingOneOperations(store, resolved)).map(([id, implementation]) => [id, limited(implementation)]),
  );

  return {
    name: "pingone",
    tag: "PingOne images",
    operations,
    authenticate: (context) => authenticatePingOne(context.headers, resolved.tokens),
    renderProblem: renderPingOneProblem,
    maxBodyBytes: resolved.maxImageBytes,
    bodyTooLargeStatus: 400,
    pathPrefixes: ["/v1/environments/"],
    reset: seed,
  };
}
