import { runtimeKind } from "#transport";
import { discardBody, type RequestBody } from "./body.ts";
import { type BytewireError, InvalidResponseError, NetworkError, type RequestFacts } from "./errors.ts";
import type { RequestLogEntry } from "./logger.ts";
import type { CallState, PipelineSettings } from "./pipeline.ts";
import { isSensitiveHeader, redactHeaders, redactUrl, registerUrlSecrets } from "./redact.ts";
import { decideRetry, type RetryDecision, sleep } from "./retry.ts";

/*
 * One request's exchange with the server: its attempts until the retry policy is done with it. Each attempt gets the
 * credentials of the configured origin only, is sent by the transport, and its answer is followed when it is a
 * redirect (server runtimes: fetch's own redirects would carry custom credential headers and bodies anywhere) or
 * given to `decideRetry`. The pipeline (pipeline.ts) runs a call around it.
 */

/** What an exchange needs from its pipeline. */
export interface ExchangeContext {
  settings: PipelineSettings;
  /** The bytewire error for whatever a step threw. */
  failure(state: CallState, error: unknown): BytewireError;
  /** The API, method and URL of the call, for errors. */
  facts(state: CallState): RequestFacts;
}

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;
const NEVER_ABORTED: AbortSignal = new AbortController().signal;

/** Whether `url` is on `origin` (`https://host:port`): credentials are sent there only. */
function onOrigin(url: string, origin: string): boolean {
  return url.startsWith(origin) && (url.length === origin.length || url[origin.length] === "/");
}

/**
 * The next request of a redirect, or `undefined` to hand the 3xx back: a method a 301/302/303 would change, or a body
 * that cannot be sent again. Another origin gets no credential header; a request that carries credentials of its own
 * (a login) is not sent there at all.
 *
 * @throws {InvalidResponseError} `CROSS_ORIGIN_REDIRECT` for a credential exchange redirected to another origin
 */
function redirectTarget(
  current: Request,
  response: Response,
  state: CallState,
  context: ExchangeContext,
  body: { present: boolean; replayable: boolean },
): Request | undefined {
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
  const crossOrigin = !onOrigin(target.href, context.settings.origin);
  if (crossOrigin && state.spec.auth === false) {
    throw new InvalidResponseError(
      "CROSS_ORIGIN_REDIRECT",
      `redirect to another origin (${target.origin}) refused: the request carries credentials`,
      { ...context.facts(state), status: response.status },
    );
  }
  // A 301, 302 or 303 would turn another method into a GET of something else (fetch does): its answer would be typed
  // as the call's own. Only GET and HEAD follow them; a 307 or 308 keeps the method and the body.
  const keepsMethod = response.status === 307 || response.status === 308;
  if (!keepsMethod && current.method !== "GET" && current.method !== "HEAD") {
    return undefined;
  }
  if (body.present && !body.replayable) {
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
    redirect: "manual",
    credentials: current.credentials,
  });
}

/** Puts the body's own headers (its type, a Content-Disposition) on the request, unless the call set them itself. */
function describeBody(request: Request, body: RequestBody, state: CallState): void {
  const own = new Set(Object.keys(state.spec.headers ?? {}).map((name) => name.toLowerCase()));
  for (const [name, value] of Object.entries({ "content-type": body.type, ...body.headers })) {
    if (value !== undefined && !own.has(name.toLowerCase())) {
      request.headers.set(name, value);
    }
  }
}

/** The request of a further attempt of a raw request whose own body (JSON, form) was kept as `template`. */
function withTemplateBody(request: Request, template: Request): Request {
  if (request.body === null && !/^(GET|HEAD)$/.test(request.method)) {
    // A redirected request, built without a body.
    return new Request(request.url, {
      method: request.method,
      headers: request.headers,
      body: template.clone().body,
      redirect: request.redirect,
      credentials: request.credentials,
      duplex: "half",
    } as RequestInit);
  }
  return request.bodyUsed ? new Request(template.clone(), { headers: request.headers }) : request;
}

/** Sends `first` until the retry policy is done with it, following redirects; resolves to the last answer. */
export async function exchange(first: Request, state: CallState, context: ExchangeContext): Promise<Response> {
  const { settings, failure } = context;
  const { spec } = state;
  const { log } = settings;
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
    describeBody(first, body, state);
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
  registerUrlSecrets(settings.redactor, first.url);

  async function wait(ms: number): Promise<void> {
    try {
      await sleep(ms, state.signal);
    } catch (error) {
      throw failure(state, error);
    }
  }

  for (;;) {
    if (attempts > 0 && template !== undefined) {
      request = withTemplateBody(request, template);
    }
    attempts++;
    const authorized = spec.auth !== false && settings.auth !== undefined && onOrigin(request.url, settings.origin);
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
      response = await settings.transport({
        request,
        signal: state.signal,
        body,
        onUploadProgress: spec.onUploadProgress,
      });
    } catch (error) {
      const failed = failure(state, error);
      const failureKind =
        failed.kind === "network" || failed.kind === "timeout" || failed.kind === "aborted" ? failed.kind : undefined;
      const decision: RetryDecision =
        failureKind === undefined
          ? { action: "return" }
          : decideRetry(
              { method: request.method, retriesDone, replayable, canReauthenticate: false, failure: failureKind },
              settings.rules,
            );
      if (log !== undefined) {
        const level = decision.action === "retry" ? "warn" : failed.kind === "aborted" ? "info" : "error";
        logAttempt(
          context,
          request,
          { retriesDone, started, error: `${failed.name}: ${failed.message}`, decision },
          level,
        );
      }
      if (decision.action !== "retry") {
        throw failed;
      }
      await wait(decision.delayMs);
      retriesDone++;
      continue;
    }
    state.status = response.status;
    if (REDIRECT_STATUSES.has(response.status) && runtimeKind === "server") {
      const next = redirectTarget(request, response, state, context, {
        present: body !== undefined || request.body !== null,
        replayable,
      });
      if (next !== undefined) {
        if (++redirects > MAX_REDIRECTS) {
          throw new NetworkError({
            ...context.facts(state),
            cause: undefined,
            reason: `more than ${MAX_REDIRECTS} redirects`,
          });
        }
        if (log !== undefined) {
          logAttempt(context, request, { retriesDone, started, response }, "info");
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
      logAttempt(context, request, { retriesDone, started, response, decision }, level);
    }
    if (decision.action === "return") {
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
    await wait(decision.delayMs);
    retriesDone++;
  }
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

/** One attempt as a log entry (only built when a logger takes that level); `debug` adds the redacted headers. */
function logAttempt(
  context: ExchangeContext,
  request: Request,
  attempt: {
    retriesDone: number;
    started: number;
    response?: Response | undefined;
    error?: string | undefined;
    decision?: RetryDecision | undefined;
  },
  level: RequestLogEntry["level"],
): void {
  const { api, log, redactor, requestIdHeaders } = context.settings;
  if (log === undefined || !log.enabled(level)) {
    return;
  }
  const { response, decision } = attempt;
  const entry: RequestLogEntry = {
    level,
    message: "",
    api,
    method: request.method,
    url: redactor.redact(redactUrl(request.url)),
    attempt: attempt.retriesDone + 1,
    durationMs: Date.now() - attempt.started,
    status: response?.status,
    requestId: response === undefined ? undefined : findRequestId(response.headers, requestIdHeaders),
    error: attempt.error,
    retryInMs: decision?.action === "retry" ? decision.delayMs : undefined,
  };
  const outcome = entry.status ?? entry.error?.slice(0, entry.error.indexOf(":"));
  const retry = entry.retryInMs === undefined ? "" : `, retrying in ${Math.round(entry.retryInMs)} ms`;
  entry.message = `${api} ${entry.method} ${entry.url} → ${outcome} in ${entry.durationMs} ms (attempt ${entry.attempt})${retry}`;
  log.write(entry);
  if (response !== undefined && log.enabled("debug")) {
    log.write({
      ...entry,
      level: "debug",
      message: `${api} ${entry.method} ${entry.url} headers (attempt ${entry.attempt})`,
      requestHeaders: redactHeaders(request.headers, redactor),
      responseHeaders: redactHeaders(response.headers, redactor),
    });
  }
}
