import { runtimeKind } from "#transport";
import { ApiError, type ErrorDescriber, type ErrorDescription } from "./api-error.ts";
import type { AuthStrategy } from "./auth.ts";
import { guardStream, MAX_ERROR_BODY_BYTES, type ProgressCallback, type RequestBody, withBody } from "./body.ts";
import {
  AbortError,
  type ApiName,
  type BytewireError,
  InvalidInputError,
  InvalidResponseError,
  isAbortError,
  isBytewireError,
  isInvalidInputError,
  NetworkError,
  type RequestFacts,
  TimeoutError,
} from "./errors.ts";
import { type ExchangeContext, exchange, findRequestId } from "./exchange.ts";
import type { LogSink } from "./logger.ts";
import { type Redactor, registerHeaderSecrets } from "./redact.ts";
import { parseRetryAfter, type RetryRules } from "./retry.ts";
import type { FetchFunction, Transport } from "./transport/fetch.ts";

/*
 * The request pipeline: every call of every client goes through `Pipeline.call`, and every request the typed raw
 * client sends through `Pipeline.fetch`. openapi-fetch builds the URL and headers from the document's types; from
 * there on this file does everything: one signal per call (the caller's, the client's and the timeout), the body,
 * auth for the configured origin only, sending, redirects, the retry decision, the error tree, logs.
 */

/** What every call of every client accepts. Each API's per-call options extend it. */
export interface CallOptions {
  /** Aborts this call: the request, a wait before a retry, and a body still being read. */
  signal?: AbortSignal | undefined;
  /**
   * Milliseconds until the response *headers* must have arrived, retries and their waits included (sending an upload
   * body included). Reading the body afterwards is not limited. `Infinity` disables it.
   * @default the client's `timeout`
   */
  timeout?: number | undefined;
  /** Extra request headers; those the call sets itself (Content-Type, Range, ...) win. */
  headers?: Record<string, string> | undefined;
}

/** How one call is made, besides its typed openapi-fetch request. */
export interface CallSpec {
  /** The caller's per-call options. */
  options?: CallOptions | undefined;
  /** Headers the call itself needs (Accept, Content-Type, Range); they win over the caller's. */
  headers?: Record<string, string> | undefined;
  /**
   * The request body, sent afresh by every attempt when it is replayable; or a function that prepares it (reads a
   * file's head, builds a multipart body), called once when the request is about to leave, so its failures are the
   * call's (an abort is an AbortError naming the request). Its `type` and `headers` go on the request unless the
   * call's own `headers` set them.
   */
  body?: RequestBody | (() => Promise<RequestBody>) | undefined;
  /** Called as the body goes out. */
  onUploadProgress?: ProgressCallback | undefined;
  /**
   * `false` for a request that carries credentials of its own (4D's login, HDAP's `_action=authenticate`): no auth is
   * added, no 401 is retried, and no redirect to another origin is followed.
   */
  auth?: false | undefined;
  /**
   * What a success must carry: `json` (a parsed body, never empty), `stream` (the body unread, for a download), or
   * `none` (a 204 or a body nobody reads).
   * @default "json"
   */
  expect?: "json" | "stream" | "none" | undefined;
}

/** The per-call options given to openapi-fetch: spread them into the typed request (`raw.GET(path, { ...init })`). */
export interface CallInit {
  fetch: FetchFunction;
  /** What openapi-fetch builds the request with: a {@link CallRequest}. */
  Request: typeof Request;
  headers: Record<string, string>;
  redirect: RequestRedirect;
  /** The body travels beside the request (see `CallSpec.body`); this only satisfies the document's typing. */
  body: never;
}

/**
 * The request openapi-fetch builds for a client call: its URL, method, headers and modes, and no body (a call's body
 * travels beside it). The pipeline reads it and the transport sends a request of its own from it, so the runtime's
 * `Request` (undici builds a signal, a URL record and a header list for each one) is not made twice per call.
 * `clone()` gives a runtime `Request`, for middleware that needs one.
 */
export class CallRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly redirect: RequestRedirect;
  readonly credentials: RequestCredentials;
  readonly body: null = null;
  readonly bodyUsed: false = false;
  readonly signal: AbortSignal | undefined = undefined;

  constructor(input: string, init: RequestInit = {}) {
    if (init.body !== undefined && init.body !== null) {
      throw new TypeError("A client call's body travels beside its request (CallSpec.body), not in it.");
    }
    this.url = new URL(input).href;
    this.method = (init.method ?? "GET").toUpperCase();
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.redirect = init.redirect ?? "follow";
    this.credentials = init.credentials ?? "same-origin";
  }

  /** A runtime `Request` with the same URL, method, headers and modes. */
  clone(): Request {
    const { method, headers, redirect, credentials } = this;
    return new Request(this.url, { method, headers: new Headers(headers), redirect, credentials });
  }

  // openapi-fetch checks what middleware returns with `instanceof` this class: a runtime Request is one too.
  static [Symbol.hasInstance](value: unknown): boolean {
    return (
      value instanceof Request ||
      (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === CallRequest.prototype)
    );
  }
}

/** An openapi-fetch result: `data` for a 2xx, `error` (the parsed body) otherwise, and always the `response`. */
export type FetchResult<Data> = { data?: Data; error?: unknown; response: Response };

/** What a successful call resolves to. */
export interface CallResult<Data> {
  /** The parsed body (`json`), the body stream (`stream`), or `undefined` (`none`). */
  data: Data;
  /** The response; for `stream` its body is guarded: an abort or a cut connection errors it with bytewire's errors. */
  response: Response;
}

/** Everything a pipeline needs, fixed when the client is created. */
export interface PipelineSettings {
  api: ApiName;
  /** The origin credentials are bound to: the client's `baseUrl`'s. */
  origin: string;
  auth: AuthStrategy | undefined;
  transport: Transport;
  rules: RetryRules;
  /** Milliseconds until the response headers; `Infinity` disables it. */
  timeout: number;
  /** The client's own signal. */
  signal: AbortSignal | undefined;
  log: LogSink | undefined;
  redactor: Redactor;
  requestIdHeaders: readonly string[];
  describeError: ErrorDescriber;
  /** Reads an error out of a 2xx JSON body (4D answers some failures with `200` and `__ERROR`). */
  describeSuccessError?: ((data: unknown) => ErrorDescription | undefined) | undefined;
  /** Recognises a raw request that carries credentials of its own (4D's login): it is sent as `auth: false`. */
  isCredentialExchange?: ((request: Request) => boolean) | undefined;
}

/** The request pipeline of one client; see the module comment. */
export interface Pipeline {
  /**
   * Runs one call: `send` makes the typed openapi-fetch request with the given init. Resolves to the checked result;
   * every failure rejects with a bytewire error (see `ErrorKind`).
   */
  call<Data>(spec: CallSpec, send: (init: CallInit) => Promise<FetchResult<Data>>): Promise<CallResult<Data>>;
  /** The fetch the raw openapi-fetch client sends through: auth, redirects, retries of bodyless requests, errors. */
  fetch: FetchFunction;
}

const REPLAYABLE_RAW_BODY = /^(application\/([\w.+-]*\+)?json|application\/x-www-form-urlencoded)\b/i;

/** One call's signal, timer and what happened so far. */
export interface CallState {
  readonly spec: CallSpec;
  readonly signal: AbortSignal | undefined;
  /** The caller's (and client's) signal only: its abort is an AbortError, the timer's a TimeoutError. */
  readonly callerSignal: AbortSignal | undefined;
  readonly timeout: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  method: string;
  url: string;
  /** Whether the request reached the pipeline (openapi-fetch built it). */
  sent: boolean;
  /** A copy of a raw request whose own body can be sent again (JSON, form): each further attempt clones it. */
  rawTemplate?: Request | undefined;
  /** The last answer's status, once one arrived. */
  status: number | undefined;
}

/** Creates the pipeline of one client. */
export function createPipeline(settings: PipelineSettings): Pipeline {
  const { api, redactor } = settings;
  // Server runtimes follow redirects here, so credentials never leave their origin. Browsers cannot (a manual
  // redirect is opaque to scripts); they drop `Authorization` across origins themselves, and a request carrying
  // credentials of its own is refused any redirect.
  const redirectMode = (spec: CallSpec): RequestRedirect =>
    runtimeKind === "server" ? "manual" : spec.auth === false ? "error" : "follow";

  function start(spec: CallSpec): CallState {
    const options = spec.options;
    if (options?.headers !== undefined) {
      registerHeaderSecrets(redactor, options.headers);
    }
    const timeout = options?.timeout ?? settings.timeout;
    const callerSignal =
      options?.signal === undefined
        ? settings.signal
        : settings.signal === undefined
          ? options.signal
          : AbortSignal.any([settings.signal, options.signal]);
    const state: CallState = {
      spec,
      signal: callerSignal,
      callerSignal,
      timeout,
      timer: undefined,
      method: "GET",
      url: "",
      sent: false,
      status: undefined,
    };
    if (Number.isFinite(timeout)) {
      const controller = new AbortController();
      state.timer = setTimeout(() => controller.abort(timeoutError(state)), timeout);
      (state as { signal: AbortSignal }).signal =
        callerSignal === undefined ? controller.signal : AbortSignal.any([callerSignal, controller.signal]);
    }
    return state;
  }

  function stop(state: CallState): void {
    if (state.timer !== undefined) {
      clearTimeout(state.timer);
      state.timer = undefined;
    }
  }

  const facts = (state: CallState) => ({ api, method: state.method, url: state.url, redactor });
  const timeoutError = (state: CallState) => new TimeoutError({ ...facts(state), timeout: state.timeout });

  /** The bytewire error for whatever a send, a wait or a body read threw. */
  function failure(state: CallState, error: unknown): BytewireError {
    if (isAbortError(error) && error.url === undefined && state.sent) {
      // Raised where the request was not known (an upload input read before sending): name the request.
      return new AbortError({ ...facts(state), cause: error.cause });
    }
    if (isBytewireError(error)) {
      return error;
    }
    // A request body stream that failed its own check (a size limit, a length mismatch) reaches us wrapped by fetch.
    const invalidInput = invalidInputIn(error);
    if (invalidInput !== undefined) {
      return invalidInput;
    }
    if (state.callerSignal?.aborted) {
      return new AbortError({ ...facts(state), cause: state.callerSignal.reason });
    }
    if (state.signal?.aborted) {
      return timeoutError(state);
    }
    if (error instanceof SyntaxError && state.status !== undefined) {
      return new InvalidResponseError("MALFORMED_JSON", "with a body that is not valid JSON", {
        ...facts(state),
        status: state.status,
        cause: error,
      });
    }
    return new NetworkError({ ...facts(state), cause: error });
  }

  const context: ExchangeContext = { settings, failure, facts };

  /** The exchange of one request; the timer stops as soon as the last answer's headers are in. */
  async function answer(request: Request, state: CallState): Promise<Response> {
    const response = await exchange(request, state, context);
    stop(state);
    return response;
  }

  function apiError(state: CallState, response: Response, body: unknown, description?: ErrorDescription): ApiError {
    const retryAfterMs = parseRetryAfter(response.headers);
    return new ApiError({
      ...facts(state),
      status: response.status,
      statusText: response.statusText,
      description: description ?? settings.describeError(body),
      body,
      requestId: findRequestId(response.headers, settings.requestIdHeaders),
      headers: response.headers,
      retryAfter: retryAfterMs === undefined ? undefined : retryAfterMs / 1000,
    });
  }

  /** The answer handed to openapi-fetch: an error body capped at 64 KiB, a body that fails with bytewire's errors. */
  function deliverable(state: CallState, response: Response, guardSuccess: boolean): Response {
    // A success without a caller's signal is handed over as it is (the common case costs nothing more): `call` maps
    // what a JSON read throws, a Download what a file read throws. With a signal, the body must stop on abort even
    // from a fetch that ignores signals; the raw client's bodies are always mapped here.
    if (response.body === null || (response.ok && !guardSuccess && state.callerSignal === undefined)) {
      if (state.spec.expect === "stream") {
        ANSWERED.set(response, facts(state));
      }
      return response;
    }
    const guarded = guardStream(response.body, {
      signal: state.callerSignal,
      onAbort: (reason) => new AbortError({ ...facts(state), cause: reason }),
      mapError: (error) => failure(state, error),
      maxBytes: response.ok ? undefined : MAX_ERROR_BODY_BYTES,
    });
    const delivered = withBody(response, guarded);
    ANSWERED.set(delivered, facts(state));
    return delivered;
  }

  async function call<Data>(
    spec: CallSpec,
    send: (init: CallInit) => Promise<FetchResult<Data>>,
  ): Promise<CallResult<Data>> {
    const state = start(spec);
    // The caller's headers, then the call's own; the body's type goes on in `exchange`, over the caller's.
    const headers: Record<string, string> = { ...spec.options?.headers, ...spec.headers };
    const init: CallInit = {
      fetch: async (request) => deliverable(state, await answer(request, state), false),
      Request: CallRequest as unknown as typeof Request,
      headers,
      redirect: redirectMode(spec),
      body: undefined as never,
    };
    try {
      const result = await send(init);
      const { response } = result;
      if (!response.ok) {
        throw apiError(state, response, result.error);
      }
      const expect = spec.expect ?? "json";
      if (expect === "json") {
        if (result.data === undefined) {
          throw new InvalidResponseError("EMPTY_BODY", "without the JSON body this call answers with", {
            ...facts(state),
            status: response.status,
          });
        }
        const problem = settings.describeSuccessError?.(result.data);
        if (problem !== undefined) {
          throw apiError(state, response, result.data, problem);
        }
      }
      return { data: result.data as Data, response };
    } catch (error) {
      // Before the pipeline saw a request, openapi-fetch could not build it (a URL the Request constructor refuses).
      throw state.sent || isBytewireError(error) || state.signal?.aborted
        ? failure(state, error)
        : new InvalidInputError("INVALID_REQUEST", "The request could not be built from these arguments.", {
            api,
            redactor,
            cause: error,
          });
    } finally {
      stop(state);
    }
  }

  /** The raw client's fetch: a call without a body of its own, the caller's signal taken from the request. */
  const fetch: FetchFunction = async (request) => {
    // Headers a raw caller set are seen here first: register their credentials (raw calls are not the hot path).
    const callHeaders: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      callHeaders[name] = value;
    });
    const exchangeOnly = settings.isCredentialExchange?.(request) === true;
    const state = start({
      options: { signal: request.signal, headers: callHeaders },
      expect: "none",
      ...(exchangeOnly ? { auth: false as const } : {}),
    });
    try {
      if (request.body !== null && REPLAYABLE_RAW_BODY.test(request.headers.get("content-type") ?? "")) {
        // openapi-fetch made this body from a value (JSON.stringify, URLSearchParams): a copy costs no more than it.
        state.rawTemplate = request.clone();
      }
      return deliverable(state, await answer(request, state), true);
    } catch (error) {
      throw failure(state, error);
    } finally {
      stop(state);
    }
  };

  return { call, fetch };
}

// Which request a delivered response answered, so that errors raised while its body is read later (a download's
// saveTo, its length check) can name the request too.
const ANSWERED = new WeakMap<Response, RequestFacts>();

/** The API, method and URL of the request a response from a bytewire call answered, if it was one. */
export function requestFactsOf(response: Response): RequestFacts | undefined {
  return ANSWERED.get(response);
}

function invalidInputIn(error: unknown): InvalidInputError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (isInvalidInputError(current)) {
      return current;
    }
    current = current.cause;
  }
  return undefined;
}
