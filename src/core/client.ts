import createClient, {
  type BodySerializer,
  type Client,
  type PathSerializer,
  type QuerySerializer,
  type QuerySerializerOptions,
} from "openapi-fetch";
import { runtimeKind, sendDefault } from "#transport";
import { describeGenericError, type ErrorDescriber, type ErrorDescription } from "./api-error.ts";
import type { AuthStrategy } from "./auth.ts";
import type { ApiName } from "./errors.ts";
import { createLogSink, type Logger, type LogLevelSetting } from "./logger.ts";
import { type CallInit, type CallResult, type CallSpec, createPipeline, type FetchResult } from "./pipeline.ts";
import { createRedactor, type Redactor, redactUrl, registerHeaderSecrets } from "./redact.ts";
import { DEFAULT_RETRY_RULES, type RetryRules } from "./retry.ts";
import { type FetchFunction, sendWithFetch } from "./transport/fetch.ts";

/** A media type such as `application/json`; narrows which response types openapi-fetch unions into `data`. */
export type MediaType = `${string}/${string}`;

/** Default time until the response headers must have arrived. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** Options every bytewire client accepts besides its `auth`. */
export interface ClientOptions {
  /**
   * Root URL of the API; the document's paths are appended to it. Credentials are sent to this origin only.
   * @example "https://t100.eu-latest.cumulocity.com"
   */
  baseUrl: string;
  /**
   * The fetch to send requests with (a test stub, a fetch with an undici dispatcher, ...). It gets a `Request` whose
   * `redirect` is `manual` outside browsers: bytewire follows redirects itself so credentials stay on their origin.
   * @default globalThis.fetch, looked up on every request (MSW installed after the client still intercepts); in Node,
   * node:http while `globalThis.fetch` is Node's own (flat memory for any upload, less time per small request),
   * and for every request with a body
   */
  fetch?: FetchFunction | undefined;
  /** Headers sent with every request; per-call headers win. @default {} */
  headers?: Record<string, string> | undefined;
  /**
   * Milliseconds until the response *headers* of a call must have arrived, its retries and their waits included.
   * Reading the body is not limited, so a long download continues past it (use `signal` to stop one). For uploads
   * the clock includes sending the body. `Infinity` disables it.
   * @default 60000
   */
  timeout?: number | undefined;
  /**
   * Retries after a network error or a 408, 429, 500, 502, 503 or 504 answer, for idempotent requests (GET, HEAD,
   * OPTIONS, PUT, DELETE) whose body can be sent again, with exponential backoff and `Retry-After`.
   * @default 2
   */
  maxRetries?: number | undefined;
  /** Receives one entry per HTTP attempt, without credentials or bodies. @default undefined (silent) */
  logger?: Logger | undefined;
  /** Least severe level passed to `logger`; `"debug"` adds redacted headers. @default "info" */
  logLevel?: LogLevelSetting | undefined;
  /** Aborts every call of this client (each call can also pass its own `signal`). @default undefined */
  signal?: AbortSignal | undefined;
  /**
   * `User-Agent` header, sent from Node, Bun and Deno only: browsers forbid or preflight it, so it is not set there.
   * @default undefined (the runtime's own)
   */
  userAgent?: string | undefined;
}

/** What one API adds to the shared client: its name, auth, error reading and serialization. */
export interface ApiDefinition<Paths extends {}, Media extends MediaType> {
  /** Which API. */
  name: ApiName;
  /** Builds the auth strategy once the client exists (a login may need the client to send it). */
  auth?: ((api: Api<Paths, Media>) => AuthStrategy | undefined) | undefined;
  /** Reads this API's code and message out of an error body. @default describeGenericError */
  describeError?: ErrorDescriber | undefined;
  /** Reads an error out of a 2xx JSON body (4D answers some failures with `200` and `__ERROR`). */
  describeSuccessError?: ((data: unknown) => ErrorDescription | undefined) | undefined;
  /** Response headers that carry this API's request id, first match wins. @default ["x-request-id"] */
  requestIdHeaders?: readonly string[] | undefined;
  /**
   * Recognises a request of the raw client that carries credentials of its own (4D's `$directory/login`, HDAP's
   * `_action=authenticate`): it gets no auth and is never redirected to another origin, as the client's own.
   */
  isCredentialExchange?: ((request: Request) => boolean) | undefined;
  /** Statuses after which even a POST is sent again (the vendor's own rule). @default none */
  nonIdempotentRetryStatuses?: readonly number[] | undefined;
  /** Query serialization matching the document (openapi-fetch ignores per-parameter `style`/`explode`). */
  querySerializer?: QuerySerializer<unknown> | QuerySerializerOptions | undefined;
  /** Path serialization (HDAP DN paths keep their `/`). */
  pathSerializer?: PathSerializer | undefined;
  /** Body serialization of the raw client (the clients' own calls pass their bodies to the pipeline). */
  bodySerializer?: BodySerializer<unknown> | undefined;
  /** Headers this API always needs (e.g. `Accept`); the caller's `headers` win. */
  headers?: Record<string, string> | undefined;
  /** fetch's `credentials` for every request (4D: `include`, so browsers keep and send its session cookie). */
  credentials?: RequestCredentials | undefined;
}

/** One API's client core: the typed raw client and the pipeline every call goes through. */
export interface Api<Paths extends {}, Media extends MediaType = MediaType> {
  /** Which API. */
  readonly name: ApiName;
  /** The root URL calls are made against, without a trailing slash. */
  readonly baseUrl: string;
  /** The typed openapi-fetch client on the same pipeline: `{ data, error, response }`, never throws for HTTP errors. */
  readonly raw: Client<Paths, Media>;
  /** The client's secret registry (auth registers credentials once; errors and logs remove them). */
  readonly redactor: Redactor;
  /** Runs one call through the pipeline; see `Pipeline.call`. */
  call<Data>(spec: CallSpec, send: (init: CallInit) => Promise<FetchResult<Data>>): Promise<CallResult<Data>>;
}

/**
 * Rejects a base URL that would make the Request constructor throw a TypeError quoting the whole URL: one with
 * `user:password@` (fetch forbids it), or, outside browsers, a relative one. Returns the origin credentials bind to.
 */
function originOf(baseUrl: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(baseUrl);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined) {
    if (runtimeKind === "server" || typeof location === "undefined") {
      throw new TypeError("[bytewire] baseUrl must be an absolute URL such as https://host.example");
    }
    return location.origin;
  }
  if (parsed.username !== "" || parsed.password !== "") {
    throw new TypeError(
      `[bytewire] baseUrl must not contain user:password@ (got ${redactUrl(baseUrl)}); pass credentials to the client's auth option`,
    );
  }
  return parsed.origin;
}

/**
 * Creates the core of one API's client: the pipeline (auth for the configured origin, retries, redirects, timeouts,
 * errors, logs) and the typed openapi-fetch client that sends through it.
 *
 * @example
 * const api = createApi<CumulocityPaths>({ name: "cumulocity", auth: () => basicAuth(user, password, redactor) }, options);
 * const { data } = await api.call({ options: callOptions }, (init) =>
 *   api.raw.GET("/inventory/binaries", { params: { query }, ...init }),
 * );
 */
export function createApi<Paths extends {}, Media extends MediaType = MediaType>(
  definition: ApiDefinition<Paths, Media>,
  options: ClientOptions,
): Api<Paths, Media> {
  const origin = originOf(options.baseUrl);
  const redactor = createRedactor();
  const headers: Record<string, string> = { ...definition.headers, ...options.headers };
  registerHeaderSecrets(redactor, headers);
  if (options.userAgent !== undefined && runtimeKind === "server") {
    headers["User-Agent"] = options.userAgent;
  }
  const userFetch = options.fetch;
  const rules: RetryRules = {
    ...DEFAULT_RETRY_RULES,
    maxRetries: options.maxRetries ?? DEFAULT_RETRY_RULES.maxRetries,
    nonIdempotentStatuses: new Set(definition.nonIdempotentRetryStatuses ?? []),
  };
  let auth: AuthStrategy | undefined;
  const pipeline = createPipeline({
    api: definition.name,
    origin,
    get auth() {
      return auth;
    },
    transport: userFetch === undefined ? sendDefault : (outgoing) => sendWithFetch(userFetch, outgoing),
    rules,
    timeout: options.timeout ?? DEFAULT_TIMEOUT_MS,
    signal: options.signal,
    log: createLogSink(options.logger, options.logLevel),
    redactor,
    requestIdHeaders: definition.requestIdHeaders ?? ["x-request-id"],
    describeError: definition.describeError ?? describeGenericError,
    describeSuccessError: definition.describeSuccessError,
    isCredentialExchange: definition.isCredentialExchange,
  });
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const raw = createClient<Paths, Media>({
    baseUrl,
    fetch: pipeline.fetch,
    headers,
    ...(runtimeKind === "server" ? { redirect: "manual" } : {}),
    ...(definition.querySerializer === undefined ? {} : { querySerializer: definition.querySerializer }),
    ...(definition.pathSerializer === undefined ? {} : { pathSerializer: definition.pathSerializer }),
    ...(definition.bodySerializer === undefined ? {} : { bodySerializer: definition.bodySerializer }),
    ...(definition.credentials === undefined ? {} : { credentials: definition.credentials }),
  });
  const api: Api<Paths, Media> = {
    name: definition.name,
    baseUrl,
    raw,
    redactor,
    call: (spec, send) => pipeline.call(spec, send),
  };
  auth = definition.auth?.(api);
  return api;
}
