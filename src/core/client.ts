import createClient, {
  type BodySerializer,
  type Client,
  type Middleware,
  type PathSerializer,
  type QuerySerializer,
  type QuerySerializerOptions,
} from "openapi-fetch";
import { anySignal } from "./any-signal.ts";
import { ApiError, type ApiErrorContext, type ApiName, type ErrorDescriber } from "./errors.ts";
import type { Logger, LogLevelSetting } from "./logger.ts";
import { createRedactor, type Redactor, redactUrl } from "./redact.ts";
import { DEFAULT_MAX_RETRIES, type RetryableResult, type RetryOptions, withRetries } from "./retry.ts";
import { createTransport, type FetchFunction, requestOf, type Transport, type TransportOptions } from "./transport.ts";

/** A media type such as `application/json`; narrows which response types openapi-fetch unions into `data`. */
export type MediaType = `${string}/${string}`;

/** Options every bytewire client accepts. */
export interface ClientOptions {
  /**
   * Root URL of the API; the document's paths are appended to it.
   * @example "https://t100.eu-latest.cumulocity.com"
   */
  baseUrl: string;
  /**
   * The fetch to send requests with (a test stub, a fetch with an undici dispatcher, ...).
   * @default globalThis.fetch, looked up on every request so that MSW installed after the client still intercepts
   */
  fetch?: FetchFunction | undefined;
  /** Headers sent with every request; per-call headers win. @default {} */
  headers?: Record<string, string> | undefined;
  /**
   * Milliseconds until the response *headers* must have arrived. Reading the body is not limited, so a long
   * download continues past it (use `signal` to stop one). For uploads the clock includes sending the body.
   * `Infinity` disables it.
   * @default 60000
   */
  timeout?: number | undefined;
  /**
   * Retries of idempotent requests (GET, HEAD, OPTIONS, PUT, DELETE) after a network error or a 408, 429, 500, 502,
   * 503 or 504 answer, with exponential backoff and `Retry-After`. Never POST/PATCH, never a stream body.
   * @default 2
   */
  maxRetries?: number | undefined;
  /** Receives one entry per HTTP attempt, without credentials or bodies. @default undefined (silent) */
  logger?: Logger | undefined;
  /** Least severe level passed to `logger`; `"debug"` adds redacted headers. @default "info" */
  logLevel?: LogLevelSetting | undefined;
  /** Aborts every request of this client (each call can also pass its own `signal`). @default undefined */
  signal?: AbortSignal | undefined;
  /**
   * `User-Agent` header, sent from Node, Bun and Deno only: browsers forbid or preflight it, so it is not set there.
   * @default undefined (the runtime's own)
   */
  userAgent?: string | undefined;
}

/** What an API client adds to {@link createApiClient} on top of the caller's {@link ClientOptions}. */
export interface ApiClientSetup {
  /** Middleware run before auth, in order. */
  middleware?: readonly Middleware[] | undefined;
  /**
   * Builds the auth middleware from the client's redactor; it is registered last, so it sees the final request and
   * can send it again on 401.
   */
  auth?: ((redactor: Redactor) => Middleware | undefined) | undefined;
  /** Query serialization matching the document (openapi-fetch ignores per-parameter `style`/`explode`). */
  querySerializer?: QuerySerializer<unknown> | QuerySerializerOptions | undefined;
  /** Path serialization (HDAP DN paths keep their `/`). */
  pathSerializer?: PathSerializer | undefined;
  /** Body serialization for every call; per-call `bodySerializer` wins. */
  bodySerializer?: BodySerializer<unknown> | undefined;
  /** Headers this API always needs (e.g. `Accept-API-Version`); the caller's `headers` win. */
  headers?: Record<string, string> | undefined;
  /** Response headers that carry this API's request id, first match wins. @default ["x-request-id"] */
  requestIdHeaders?: readonly string[] | undefined;
  /** Extracts this API's error code and message from an error body. @default describeGenericError */
  describeError?: ErrorDescriber | undefined;
  /** fetch's `credentials` for every request (4D: `include`, so browsers keep and send its session cookie). */
  credentials?: RequestCredentials | undefined;
}

/** Per-transport settings that one call may change (see {@link ApiClient.transportWith}). */
export type TransportOverrides = Pick<TransportOptions, "fetch" | "timeout" | "maxRetries">;

/** The pieces every bytewire client is built from. */
export interface ApiClient<Paths extends {}, Media extends MediaType = MediaType> {
  /** Which API. */
  readonly api: ApiName;
  /** The openapi-fetch client: typed paths, `{ data, error, response }` results, never throws for HTTP errors. */
  readonly raw: Client<Paths, Media>;
  /** The transport the raw client sends through (for requests built by hand). */
  readonly transport: Transport;
  /** The client's secret registry (auth registers credentials; errors and logs remove them). */
  readonly redactor: Redactor;
  /** The error context of this client: API name, describer, request-id headers, redactor. */
  readonly errorContext: ApiErrorContext;
  /**
   * A transport with the client's settings except the given ones; pass it as a call's `fetch`, e.g. a longer
   * `timeout` for a big upload or an XHR fetch for upload progress.
   */
  transportWith(overrides: TransportOverrides): Transport;
  /** {@link expectData} with this client's error context. */
  expectData<Data, Body>(result: OpenApiFetchResult<Data, Body>): Data;
  /** {@link ApiError.fromResponse} with this client's error context, for responses of hand-built requests. */
  toApiError(response: Response): Promise<ApiError>;
  /** {@link withRetries} with this client's `maxRetries` and `signal`; for requests whose body can be rebuilt. */
  withRetries<T extends RetryableResult>(
    attempt: (attemptNumber: number) => Promise<T>,
    options: Omit<RetryOptions, "maxRetries">,
  ): Promise<T>;
}

/** An openapi-fetch result: `data` for a 2xx, `error` (the parsed body) otherwise, and always the `response`. */
export type OpenApiFetchResult<Data, Body> =
  | { data: Data; error?: never; response: Response }
  | { data?: never; error: Body; response: Response };

function isServerRuntime(): boolean {
  const versions: unknown = typeof process === "object" && process !== null ? process.versions : undefined;
  return typeof versions === "object" && versions !== null && typeof Reflect.get(versions, "node") === "string";
}

/**
 * Rejects a base URL that would make openapi-fetch's `new Request()` throw a TypeError quoting the whole request
 * URL, query credentials included: one with `user:password@` (fetch forbids it), or, outside browsers, a relative one.
 */
function checkBaseUrl(baseUrl: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(baseUrl);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined && isServerRuntime()) {
    throw new TypeError("[bytewire] baseUrl must be an absolute URL such as https://host.example");
  }
  if (parsed !== undefined && (parsed.username !== "" || parsed.password !== "")) {
    throw new TypeError(
      `[bytewire] baseUrl must not contain user:password@ (got ${redactUrl(baseUrl)}); pass credentials to the client's auth options`,
    );
  }
}

/**
 * Creates the openapi-fetch client of one API on a bytewire transport, with auth registered last and the API's
 * error conventions bound to {@link ApiClient.expectData}.
 *
 * @example
 * const core = createApiClient<paths>("cumulocity", options, {
 *   auth: (redactor) => basicAuth(`${tenant}/${user}`, password, { redactor }),
 *   requestIdHeaders: ["x-request-id"],
 *   describeError: describeCumulocityError,
 * });
 * const binary = core.expectData(await core.raw.GET("/inventory/binaries/{id}", { params: { path: { id } } }));
 */
export function createApiClient<Paths extends {}, Media extends MediaType = MediaType>(
  api: ApiName,
  options: ClientOptions,
  setup: ApiClientSetup = {},
): ApiClient<Paths, Media> {
  checkBaseUrl(options.baseUrl);
  const redactor = createRedactor();
  const transportOptions: TransportOptions = {
    api,
    fetch: options.fetch,
    timeout: options.timeout,
    maxRetries: options.maxRetries,
    signal: options.signal,
    logger: options.logger,
    logLevel: options.logLevel,
    requestIdHeaders: setup.requestIdHeaders,
    redactor,
  };
  const transport = createTransport(transportOptions);
  const headers: Record<string, string> = { ...setup.headers, ...options.headers };
  if (options.userAgent !== undefined && isServerRuntime()) {
    headers["User-Agent"] = options.userAgent;
  }
  const raw = createClient<Paths, Media>({
    baseUrl: options.baseUrl,
    fetch: transport,
    headers,
    ...(setup.querySerializer === undefined ? {} : { querySerializer: setup.querySerializer }),
    ...(setup.pathSerializer === undefined ? {} : { pathSerializer: setup.pathSerializer }),
    ...(setup.bodySerializer === undefined ? {} : { bodySerializer: setup.bodySerializer }),
    ...(setup.credentials === undefined ? {} : { credentials: setup.credentials }),
  });
  raw.use(...(setup.middleware ?? []));
  const auth = setup.auth?.(redactor);
  if (auth) {
    raw.use(auth);
  }
  const errorContext: ApiErrorContext = {
    api,
    describe: setup.describeError,
    requestIdHeaders: setup.requestIdHeaders,
    redactor,
  };
  return {
    api,
    raw,
    transport,
    redactor,
    errorContext,
    transportWith: (overrides) => createTransport({ ...transportOptions, ...overrides }),
    expectData: (result) => expectData(result, errorContext),
    toApiError: (response) => {
      const origin = requestOf(response);
      return ApiError.fromResponse(response, { ...errorContext, method: origin?.method, url: origin?.url });
    },
    withRetries: (attempt, retryOptions) =>
      withRetries(attempt, {
        ...retryOptions,
        signal: anySignal([options.signal, retryOptions.signal]),
        maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
      }),
  };
}

/**
 * Returns `data` of a 2xx openapi-fetch result, or throws the {@link ApiError} for the non-2xx answer. openapi-fetch
 * has already read and parsed the error body by then; the bytewire transport caps that read at 64 KiB, so a
 * failed `parseAs: "stream"` download is not buffered whole.
 *
 * @throws {ApiError} when the response status is not 2xx
 * @example
 * const entry = expectData(await raw.GET("/hdap/{dn}", { params }), { api: "hdap", describe: describeHdapError });
 */
export function expectData<Data, Body>(result: OpenApiFetchResult<Data, Body>, context: ApiErrorContext): Data {
  if (result.response.ok) {
    return result.data as Data;
  }
  const origin = requestOf(result.response);
  throw ApiError.fromBody(result.response, result.error as Body, {
    ...context,
    method: context.method ?? origin?.method,
    url: context.url ?? origin?.url,
  });
}
