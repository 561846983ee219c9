import { uploadFetch } from "#upload-fetch";
import { anySignal } from "./any-signal.ts";
import { limitErrorBody, MAX_ERROR_BODY_BYTES } from "./bounded-body.ts";
import {
  AbortError,
  type ApiName,
  DEFAULT_REQUEST_ID_HEADERS,
  findRequestId,
  isAbortError,
  isBytewireError,
  NetworkError,
  TimeoutError,
} from "./errors.ts";
import { createLogSink, type Logger, type LogLevel, type LogLevelSetting, type RequestLogEntry } from "./logger.ts";
import { createRedactor, type Redactor, redactHeaders, redactUrl, registerRequestSecrets } from "./redact.ts";
import { DEFAULT_MAX_RETRIES, type RetryOptions, withRetries } from "./retry.ts";

/** A fetch implementation as openapi-fetch calls it: one `Request`, plus undici's init extension in Node. */
export type FetchFunction = (request: Request, init?: RequestInit) => Promise<Response>;

/** What {@link createTransport} returns; pass it to openapi-fetch as `fetch`. */
export type Transport = (request: Request, init?: RequestInit) => Promise<Response>;

/** Default time until the response headers must have arrived. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** Options of {@link createTransport}. */
export interface TransportOptions {
  /** Which API this transport talks to (used in errors and logs). */
  api: ApiName;
  /**
   * The fetch to send requests with. Without one, `globalThis.fetch` is looked up on every request, not when the
   * transport is created, so MSW or a test stub installed later is still used; in Node (not Bun or Deno), a request
   * that carries a body goes through node:http instead, because Node's fetch holds a streamed request body in memory
   * until the response arrives.
   * @default (request, init) => globalThis.fetch(request, init), node:http for request bodies in Node
   */
  fetch?: FetchFunction | undefined;
  /**
   * Milliseconds until the response *headers* must have arrived; reading the body afterwards is not limited, so a
   * 1 GiB download is not cut after 60 s (abort it with a `signal`). For a request with a body the clock includes
   * sending the body: give large uploads a larger value. `Infinity` disables it.
   * @default 60000
   */
  timeout?: number | undefined;
  /** Retries of a request without a body (see retry.ts for the policy). @default 2 */
  maxRetries?: number | undefined;
  /** Aborts every request of this transport, together with each request's own signal. */
  signal?: AbortSignal | undefined;
  /** Receives one entry per attempt. @default undefined (silent) */
  logger?: Logger | undefined;
  /** Least severe level written to `logger`; `"debug"` adds redacted request and response headers. @default "info" */
  logLevel?: LogLevelSetting | undefined;
  /** Response headers holding the server's request id, first match wins. @default ["x-request-id"] */
  requestIdHeaders?: readonly string[] | undefined;
  /** Collects the credentials seen on requests so errors and logs can remove them. @default a new redactor */
  redactor?: Redactor | undefined;
  /** How much of a non-2xx body may be read by anyone downstream. @default 65536 */
  maxErrorBodyBytes?: number | undefined;
  /** Replaces the retry clock and wait (tests). */
  retryTiming?: Pick<RetryOptions, "sleep" | "random" | "now"> | undefined;
}

/** The method and URL of the request a response answered. */
export interface RequestOrigin {
  /** HTTP method. */
  method: string;
  /** Request URL (not redacted). */
  url: string;
}

// Lets expectData() name the request of a response openapi-fetch hands back (Response carries no method).
const origins = new WeakMap<Response, RequestOrigin>();

/** The request a response produced by a bytewire transport answered, if it was one. */
export function requestOf(response: Response): RequestOrigin | undefined {
  return origins.get(response);
}

/**
 * Creates the `fetch` given to openapi-fetch: sends the request with a headers timeout merged into the caller's
 * signal, maps failures to {@link NetworkError} / {@link TimeoutError} / {@link AbortError}, retries requests without
 * a body (a request with a body is sent once here: clients retry replayable bodies with `withRetries`), caps how much
 * of an error body can be read, and logs each attempt without credentials or bodies.
 *
 * @example
 * const client = createClient<paths>({ baseUrl, fetch: createTransport({ api: "cumulocity" }) });
 */
export function createTransport(options: TransportOptions): Transport {
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
  const redactor = options.redactor ?? createRedactor();
  const log = createLogSink(options.logger, options.logLevel);
  const requestIdHeaders = options.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS;
  const maxErrorBodyBytes = options.maxErrorBodyBytes ?? MAX_ERROR_BODY_BYTES;

  return async function transport(request, init) {
    const fetchImpl: FetchFunction =
      options.fetch ??
      ((input, requestInit) =>
        input.body !== null && uploadFetch ? uploadFetch(input, requestInit) : globalThis.fetch(input, requestInit));
    registerRequestSecrets(redactor, request);
    const facts = { api: options.api, method: request.method, url: request.url, redactor };
    const label = `${options.api} ${request.method} ${redactor.redact(redactUrl(request.url))}`;
    const callerSignal = anySignal([request.signal, options.signal]);
    let pending: RequestLogEntry | undefined;

    function finish(entry: RequestLogEntry, level: LogLevel, retryInMs?: number): void {
      // The error's name is enough here; `entry.error` keeps the whole message for structured logs.
      const outcome = entry.status ?? entry.error?.slice(0, entry.error.indexOf(":"));
      const retry = retryInMs === undefined ? "" : `, retrying in ${Math.round(retryInMs)} ms`;
      log?.write({
        ...entry,
        level,
        retryInMs,
        message: `${label} → ${outcome} in ${entry.durationMs} ms (attempt ${entry.attempt})${retry}`,
      });
    }

    async function attemptOnce(attempt: number): Promise<Response> {
      const timeoutController = new AbortController();
      const signal = anySignal([callerSignal, timeoutController.signal]);
      // A new Request per attempt: the signal is fixed at construction, and a bodyless original stays reusable.
      // Built from the original, it keeps `duplex: "half"` for a stream body (Node requires it).
      const attemptRequest = new Request(request, { signal });
      const timer = Number.isFinite(timeout)
        ? setTimeout(() => timeoutController.abort(new TimeoutError({ ...facts, timeout })), timeout)
        : undefined;
      const started = Date.now();
      const entry = (fields: Partial<RequestLogEntry>): RequestLogEntry => ({
        level: "info",
        message: "",
        api: options.api,
        method: request.method,
        url: redactor.redact(redactUrl(request.url)),
        attempt,
        durationMs: Date.now() - started,
        status: undefined,
        requestId: undefined,
        error: undefined,
        retryInMs: undefined,
        ...fields,
      });
      let response: Response;
      try {
        response = await fetchImpl(attemptRequest, init);
      } catch (error) {
        const failure = callerSignal.aborted
          ? new AbortError({ ...facts, cause: callerSignal.reason })
          : timeoutController.signal.aborted
            ? new TimeoutError({ ...facts, timeout })
            : isBytewireError(error)
              ? error
              : new NetworkError({ ...facts, cause: error });
        pending = entry({ error: `${failure.name}: ${failure.message}` });
        throw failure;
      } finally {
        clearTimeout(timer);
      }
      const requestId = findRequestId(response.headers, requestIdHeaders);
      if (log?.enabled("debug")) {
        log.write({
          ...entry({ status: response.status, requestId, level: "debug" }),
          message: `${label} headers (attempt ${attempt})`,
          requestHeaders: redactHeaders(attemptRequest.headers, redactor),
          responseHeaders: redactHeaders(response.headers, redactor),
        });
      }
      pending = entry({ status: response.status, requestId });
      const limited = limitErrorBody(response, maxErrorBodyBytes);
      origins.set(limited, { method: request.method, url: request.url });
      return limited;
    }

    try {
      const response =
        request.body === null
          ? await withRetries(attemptOnce, {
              method: request.method,
              maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
              signal: callerSignal,
              onRetry: (event) => {
                if (pending) {
                  finish(pending, "warn", event.delayMs);
                  pending = undefined;
                }
              },
              ...options.retryTiming,
            })
          : await attemptOnce(1);
      if (pending) {
        finish(pending, response.status >= 400 ? "warn" : "info");
      }
      return response;
    } catch (error) {
      if (pending?.error !== undefined) {
        // A caller's abort is intended, not a failure worth an error line.
        finish(pending, isAbortError(error) ? "info" : "error");
      }
      if (isBytewireError(error)) {
        throw error;
      }
      // withRetries rejects with the signal's reason when the caller aborts during a backoff wait.
      if (callerSignal.aborted) {
        throw new AbortError({ ...facts, cause: callerSignal.reason });
      }
      throw error;
    }
  };
}
