import type { Middleware } from "openapi-fetch";
import { AbortError } from "./errors.ts";
import type { Redactor } from "./redact.ts";

/** Where an auth middleware registers the secrets it sends, so errors and logs can remove them. */
export interface AuthOptions {
  /** The client's redactor (`createApiClient` passes it to its `auth` factory). */
  redactor?: Redactor | undefined;
}

/** Base64 of the UTF-8 bytes of `text` (btoa alone only takes Latin-1). */
export function encodeBase64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  // Chunks keep String.fromCharCode's argument list short for long inputs.
  for (let offset = 0; offset < bytes.length; offset += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  }
  return btoa(binary);
}

/**
 * Middleware that sends `Authorization: Basic base64(utf8(username:password))` (RFC 7617 with `charset="UTF-8"`) on
 * every request that does not already carry an `Authorization` header. The password and the encoded credentials are
 * registered with the redactor.
 *
 * @example
 * createApiClient("cumulocity", options, { auth: (redactor) => basicAuth("t100/admin", password, { redactor }) });
 */
export function basicAuth(username: string, password: string, options: AuthOptions = {}): Middleware {
  const credentials = encodeBase64Utf8(`${username}:${password}`);
  options.redactor?.add(password);
  options.redactor?.add(credentials);
  const header = `Basic ${credentials}`;
  return {
    onRequest({ request }) {
      if (!request.headers.has("authorization")) {
        request.headers.set("Authorization", header);
      }
      return request;
    },
  };
}

/** A bearer token, or a function that returns the current one (called for every request). */
export type TokenSource = string | (() => string | Promise<string>);

/**
 * Middleware that sends `Authorization: Bearer <token>` on every request that does not already carry an
 * `Authorization` header. Each token is registered with the redactor before it is sent.
 *
 * @example
 * createApiClient("pingone", options, { auth: (redactor) => bearerAuth(() => session.accessToken, { redactor }) });
 */
export function bearerAuth(token: TokenSource, options: AuthOptions = {}): Middleware {
  return {
    async onRequest({ request }) {
      if (request.headers.has("authorization")) {
        return request;
      }
      const value = typeof token === "function" ? await token() : token;
      options.redactor?.add(value);
      request.headers.set("Authorization", `Bearer ${value}`);
      return request;
    },
  };
}

/** A token and how long it is valid. */
export interface TokenGrant {
  /** The bearer token. */
  token: string;
  /** Seconds until it expires, counted from when it was received (HDAP sends `expires_in` as a string: convert it). */
  expiresIn?: number | undefined;
}

/** Options of {@link tokenAuth}. */
export interface TokenAuthOptions extends AuthOptions {
  /** Obtains a new token (HDAP: `POST {dn}?_action=authenticate` with the password). */
  getToken: () => Promise<TokenGrant>;
  /**
   * Obtains a replacement for a token that expires soon or was rejected (e.g. with a refresh token).
   * @default getToken
   */
  refresh?: ((current: TokenGrant) => Promise<TokenGrant>) | undefined;
  /**
   * Fetch a new token this long before the current one expires, so a request never leaves with a token that dies on
   * the way; at most half the token's lifetime is used.
   * @default 30000
   */
  refreshMarginMs?: number | undefined;
  /** Re-fetch the token and send the request once more when the server answers 401. @default true */
  retryOnUnauthorized?: boolean | undefined;
  /** Which requests get the token; the others pass untouched (e.g. the authenticate call itself). @default all */
  appliesTo?: ((request: Request) => boolean) | undefined;
  /** Clock in milliseconds (tests). @default Date.now */
  now?: (() => number) | undefined;
}

interface CachedToken {
  grant: TokenGrant;
  /** Epoch ms after which the token must not be sent; undefined = valid until a 401. */
  refreshAt: number | undefined;
}

// openapi-fetch produces these bodies from in-memory values (JSON.stringify, URLSearchParams), so a copy costs no
// more than the value itself. Binary, multipart and stream bodies are never copied: a 401 on them is returned.
const REPLAYABLE_CONTENT_TYPE = /^(application\/([\w.+-]*\+)?json|application\/x-www-form-urlencoded)\b/i;

/**
 * Middleware for APIs that hand out short-lived bearer tokens: it caches the token until `refreshMarginMs` before
 * it expires, lets concurrent requests share one in-flight token request, and on a 401 fetches a new token and
 * sends the request once more (requests without a body or with a JSON / form body; others return the 401).
 *
 * @example
 * tokenAuth({
 *   getToken: async () => {
 *     const { access_token, expires_in } = await authenticate(dn, password);
 *     return { token: access_token, expiresIn: Number(expires_in) };
 *   },
 *   appliesTo: (request) => new URL(request.url).searchParams.get("_action") !== "authenticate",
 *   redactor,
 * });
 */
export function tokenAuth(options: TokenAuthOptions): Middleware {
  const now = options.now ?? Date.now;
  const refreshMarginMs = options.refreshMarginMs ?? 30_000;
  const refresh = options.refresh ?? (() => options.getToken());
  let cached: CachedToken | undefined;
  let inflight: Promise<CachedToken> | undefined;
  // The token each request left with, and a copy to send again on 401. Keyed by the Request object, so entries go
  // away with it even when a later middleware short-circuits and onResponse never runs.
  const sent = new WeakMap<Request, { token: string; replay: Request | undefined }>();

  function store(grant: TokenGrant): CachedToken {
    options.redactor?.add(grant.token);
    const lifetimeMs = grant.expiresIn === undefined ? undefined : grant.expiresIn * 1000;
    const margin = lifetimeMs === undefined ? 0 : Math.min(refreshMarginMs, lifetimeMs / 2);
    cached = { grant, refreshAt: lifetimeMs === undefined ? undefined : now() + lifetimeMs - margin };
    return cached;
  }

  function currentToken(): Promise<string> {
    if (cached && (cached.refreshAt === undefined || now() < cached.refreshAt)) {
      return Promise.resolve(cached.grant.token);
    }
    if (!inflight) {
      const previous = cached;
      inflight = (previous ? refresh(previous.grant) : options.getToken()).then(store).finally(() => {
        inflight = undefined;
      });
    }
    return inflight.then((token) => token.grant.token);
  }

  function invalidate(token: string): void {
    // Only the token that was rejected: another request may already have fetched a newer one.
    if (cached?.grant.token === token) {
      cached = { ...cached, refreshAt: Number.NEGATIVE_INFINITY };
    }
  }

  async function tokenFor(request: Request): Promise<string> {
    const signal = request.signal;
    if (signal.aborted) {
      throw new AbortError({
        method: request.method,
        url: request.url,
        redactor: options.redactor,
        cause: signal.reason,
      });
    }
    // The token request is shared, so one caller's abort must not cancel it; only this caller stops waiting.
    return new Promise<string>((resolve, reject) => {
      const onAbort = () =>
        reject(
          new AbortError({
            method: request.method,
            url: request.url,
            redactor: options.redactor,
            cause: signal.reason,
          }),
        );
      signal.addEventListener("abort", onAbort, { once: true });
      currentToken()
        .then(resolve, reject)
        .finally(() => signal.removeEventListener("abort", onAbort));
    });
  }

  return {
    async onRequest({ request }) {
      if (request.headers.has("authorization") || (options.appliesTo && !options.appliesTo(request))) {
        return request;
      }
      const token = await tokenFor(request);
      request.headers.set("Authorization", `Bearer ${token}`);
      const replayable =
        request.body === null || REPLAYABLE_CONTENT_TYPE.test(request.headers.get("content-type") ?? "");
      sent.set(request, {
        token,
        replay: options.retryOnUnauthorized === false || !replayable ? undefined : request.clone(),
      });
      return request;
    },
    async onResponse({ request, response, options: fetchOptions }) {
      const record = sent.get(request);
      if (response.status !== 401 || record === undefined) {
        return response;
      }
      sent.delete(request);
      invalidate(record.token);
      if (record.replay === undefined) {
        return response;
      }
      const token = await tokenFor(record.replay);
      // Not awaited: a cloned body (MSW keeps a clone of each mocked response) settles cancel() only with its twin.
      response.body?.cancel().catch(() => undefined);
      const headers = new Headers(record.replay.headers);
      headers.set("Authorization", `Bearer ${token}`);
      return fetchOptions.fetch(new Request(record.replay, { headers }));
    },
  };
}
