import { runtimeKind } from "#transport";
import type { AuthStrategy } from "./auth.ts";
import {
  discardBody,
  guardStream,
  MAX_ERROR_BODY_BYTES,
  type ProgressCallback,
  type RequestBody,
  withBody,
} from "./body.ts";
import {
  AbortError,
  ApiError,
  type ApiName,
  type BytewireError,
  type ErrorDescriber,
  type ErrorDescription,
  InvalidInputError,
  InvalidResponseError,
  isAbortError,
  isBytewireError,
  isInvalidInputError,
  NetworkError,
  type RequestFacts,
  TimeoutError,
} from "./errors.ts";
import type { LogSink, RequestLogEntry } from "./logger.ts";
import {
  isSensitiveHeader,
  type Redactor,
  redactHeaders,
  redactUrl,
  registerHeaderSecrets,
  registerUrlSecrets,
} from "./redact.ts";
import { decideRetry, parseRetryAfter, type RetryRules, sleep } from "./retry.ts";
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
  signal?: AbortSignal;
  headers: Record<string, string>;
  redirect: RequestRedirect;
  /** The body travels beside the request (see `CallSpec.body`); this only satisfies the document's typing. */
  body: never;
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
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;

/** One call's signal, timer and what happened so far. */
interface CallState {
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
  const { api, redactor, log } = settings;
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

  function sameOrigin(url: string): boolean {
    return (
      url.startsWith(settings.origin) && (url.length === settings.origin.length || url[settings.origin.length] === "/")
    );
  }

  function logAttempt(
    entry: Omit<RequestLogEntry, "level" | "message" | "api">,
    level: RequestLogEntry["level"],
  ): void {
    if (log === undefined || !log.enabled(level)) {
      return;
    }
    const outcome = entry.status ?? entry.error?.slice(0, entry.error.indexOf(":"));
    const retry = entry.retryInMs === undefined ? "" : `, retrying in ${Math.round(entry.retryInMs)} ms`;
    log.write({
      ...entry,
      api,
      level,
      message: `${api} ${entry.method} ${entry.url} → ${outcome} in ${entry.durationMs} ms (attempt ${entry.attempt})${retry}`,
    });
  }

  /**
   * The next request of a redirect, or `undefined` to hand the 3xx back: a method a 301/302/303 would change, or a
   * body that cannot be sent again.
   */
  function redirected(current: Request, response: Response, state: CallState, hasBody: boolean, replayable: boolean) {
    const location = response.headers.get("location");
    if (location === null) {
      return undefined;
    }
    let target: URL;
    try {
      target = new URL(location, current.url);
    } catch {
      return undefined;
    }
    const crossOrigin = !sameOrigin(target.href);
    if (crossOrigin && state.spec.auth === false) {
      throw new InvalidResponseError(
        "CROSS_ORIGIN_REDIRECT",
        `redirect to another origin (${target.origin}) refused: the request carries credentials`,
        { ...facts(state), status: response.status },
      );
    }
    // A 301, 302 or 303 would turn another method into a GET of something else (fetch does): its answer would be
    // typed as the call's own. Only GET and HEAD follow them; a 307 or 308 keeps the method and the body.
    const keepsMethod = response.status === 307 || response.status === 308;
    if (!keepsMethod && current.method !== "GET" && current.method !== "HEAD") {
      return undefined;
    }
    if (hasBody && !replayable) {
      return undefined;
    }
    const headers = new Headers(current.headers);
    if (crossOrigin) {
      for (const name of [...headers.keys()]) {
        if (isSensitiveHeader(name)) {
          headers.delete(name);
        }
      }
    }
    return new Request(target, {
      method: current.method,
      headers,
      signal: current.signal,
      redirect: "manual",
      credentials: current.credentials,
    });
  }

  /** Sends the request until the retry policy is done with it, following redirects; resolves to the last answer. */
  async function exchange(first: Request, state: CallState): Promise<Response> {
    const { spec } = state;
    let request = first;
    state.sent = true;
    state.method = first.method;
    state.url = first.url;
    let body: RequestBody | undefined;
    try {
      body = typeof spec.body === "function" ? await spec.body() : spec.body;
    } catch (error) {
      throw failure(state, error);
    }
    if (body !== undefined) {
      const own = new Set(Object.keys(spec.headers ?? {}).map((name) => name.toLowerCase()));
      for (const [name, value] of Object.entries({ "content-type": body.type, ...body.headers })) {
        if (value !== undefined && !own.has(name.toLowerCase())) {
          first.headers.set(name, value);
        }
      }
    }
    // A raw request's own body stream is consumed by the first attempt; only a copy kept beforehand can go again.
    const template = state.rawTemplate;
    const replayable = body === undefined ? first.body === null || template !== undefined : body.replayable;
    // Credentials the caller set stay; those auth adds are added afresh for every attempt (a renewed session, a token).
    const callerAuthorization = first.headers.has("authorization");
    const callerCookie = first.headers.has("cookie");
    let retriesDone = 0;
    let redirects = 0;
    let attempts = 0;
    let reauthenticated = false;
    registerUrlSecrets(redactor, first.url);
    for (;;) {
      if (attempts > 0 && template !== undefined && request.body === null && !/^(GET|HEAD)$/.test(request.method)) {
        request = new Request(request.url, {
          method: request.method,
          headers: request.headers,
          body: template.clone().body,
          signal: request.signal,
          redirect: request.redirect,
          credentials: request.credentials,
          duplex: "half",
        } as RequestInit);
      } else if (attempts > 0 && template !== undefined && request.bodyUsed) {
        request = new Request(template.clone(), { headers: request.headers });
      }
      attempts++;
      const authorized = spec.auth !== false && settings.auth !== undefined && sameOrigin(request.url);
      const started = log === undefined ? 0 : Date.now();
      let response: Response;
      try {
        if (authorized) {
          if (attempts > 1) {
            if (!callerAuthorization) {
              request.headers.delete("authorization");
            }
            if (!callerCookie) {
              request.headers.delete("cookie");
            }
          }
          await settings.auth?.authorize(request.headers, state.signal ?? NEVER_ABORTED);
        }
        // A custom fetch may not look at a signal that aborted before it was called.
        state.signal?.throwIfAborted();
        response = await settings.transport({ request, body, onUploadProgress: spec.onUploadProgress });
      } catch (error) {
        const failed = failure(state, error);
        const failureKind =
          failed.kind === "network" || failed.kind === "timeout" || failed.kind === "aborted" ? failed.kind : undefined;
        const decision =
          failureKind === undefined
            ? { action: "return" as const }
            : decideRetry(
                { method: request.method, retriesDone, replayable, canReauthenticate: false, failure: failureKind },
                settings.rules,
              );
        if (log !== undefined) {
          logAttempt(
            attemptEntry(request, retriesDone, started, undefined, `${failed.name}: ${failed.message}`, decision),
            decision.action === "retry" ? "warn" : failed.kind === "aborted" ? "info" : "error",
          );
        }
        if (decision.action !== "retry") {
          throw failed;
        }
        await wait(state, decision.delayMs);
        retriesDone++;
        continue;
      }
      state.status = response.status;
      if (REDIRECT_STATUSES.has(response.status) && runtimeKind === "server") {
        const next = redirected(request, response, state, body !== undefined || request.body !== null, replayable);
        if (next !== undefined) {
          if (++redirects > MAX_REDIRECTS) {
            throw new NetworkError({
              ...facts(state),
              cause: undefined,
              reason: `more than ${MAX_REDIRECTS} redirects`,
            });
          }
          if (log !== undefined) {
            logAttempt(attemptEntry(request, retriesDone, started, response, undefined, undefined), "info");
          }
          discardBody(response);
          request = next;
          state.url = request.url;
          continue;
        }
      }
      const decision = decideRetry(
        {
          method: request.method,
          retriesDone,
          replayable,
          canReauthenticate: authorized && !reauthenticated && settings.auth?.renew !== undefined,
          response,
        },
        settings.rules,
      );
      if (log !== undefined) {
        const level = decision.action === "return" ? (response.status >= 400 ? "warn" : "info") : "warn";
        logAttempt(attemptEntry(request, retriesDone, started, response, undefined, decision), level);
        if (log.enabled("debug")) {
          log.write({
            ...attemptEntry(request, retriesDone, started, response, undefined, decision),
            api,
            level: "debug",
            message: `${api} ${request.method} ${redactor.redact(redactUrl(request.url))} headers (attempt ${retriesDone + 1})`,
            requestHeaders: redactHeaders(request.headers, redactor),
            responseHeaders: redactHeaders(response.headers, redactor),
          });
        }
      }
      if (decision.action === "return") {
        stop(state);
        return response;
      }
      discardBody(response);
      if (decision.action === "reauthenticate") {
        reauthenticated = true;
        try {
          await settings.auth?.renew?.(state.signal ?? NEVER_ABORTED);
        } catch (error) {
          throw failure(state, error);
        }
        continue;
      }
      await wait(state, decision.delayMs);
      retriesDone++;
    }
  }

  async function wait(state: CallState, ms: number): Promise<void> {
    try {
      await sleep(ms, state.signal);
    } catch (error) {
      throw failure(state, error);
    }
  }

  function attemptEntry(
    request: Request,
    retriesDone: number,
    started: number,
    response: Response | undefined,
    error: string | undefined,
    decision: ReturnType<typeof decideRetry> | undefined,
  ): Omit<RequestLogEntry, "level" | "message" | "api"> {
    return {
      method: request.method,
      url: redactor.redact(redactUrl(request.url)),
      attempt: retriesDone + 1,
      durationMs: Date.now() - started,
      status: response?.status,
      requestId: response === undefined ? undefined : findRequestId(response.headers, settings.requestIdHeaders),
      error,
      retryInMs: decision?.action === "retry" ? decision.delayMs : undefined,
    };
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
    // A JSON success without a caller's signal is handed over as it is (the common case costs nothing more): `call`
    // maps what its read throws. With a signal, the body must stop on abort even from a fetch that ignores signals.
    if (response.body === null || (response.ok && !guardSuccess && state.callerSignal === undefined)) {
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
      fetch: async (request) => deliverable(state, await exchange(request, state), spec.expect === "stream"),
      headers,
      redirect: redirectMode(spec),
      body: undefined as never,
    };
    if (state.signal !== undefined) {
      init.signal = state.signal;
    }
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
      ANSWERED.set(response, facts(state));
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
      const own = state.signal === request.signal ? request : new Request(request, { signal: state.signal ?? null });
      if (own.body !== null && REPLAYABLE_RAW_BODY.test(own.headers.get("content-type") ?? "")) {
        // openapi-fetch made this body from a value (JSON.stringify, URLSearchParams): a copy costs no more than it.
        state.rawTemplate = own.clone();
      }
      return deliverable(state, await exchange(own, state), true);
    } catch (error) {
      throw failure(state, error);
    } finally {
      stop(state);
    }
  };

  return { call, fetch };
}

const NEVER_ABORTED: AbortSignal = new AbortController().signal;

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

/** The first of `names` present in `headers`, if any. */
export function findRequestId(headers: Headers, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = headers.get(name);
    if (value !== null && value !== "") {
      return value;
    }
  }
  return undefined;
}
