import { AbortError } from "./errors.ts";
import type { Redactor } from "./redact.ts";

/**
 * How a client puts its credentials on a request. The pipeline calls `authorize` only for requests to the origin the
 * client was configured with (redirects to another origin never get credentials), and `renew` after a `401` on a
 * request it can send again.
 */
export interface AuthStrategy {
  /** Adds the credentials (a header, a cookie) to an outgoing request; may first log in or fetch a token. */
  authorize(headers: Headers, signal: AbortSignal): void | Promise<void>;
  /**
   * Called after the server answered `401` to credentials this strategy sent: drop them and obtain new ones. Resolves
   * `true` when there are new credentials to try; absent for credentials that cannot change (Basic, a fixed token).
   */
  renew?(signal: AbortSignal): Promise<boolean>;
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
 * `Authorization: Basic base64(utf8(username:password))` (RFC 7617 with `charset="UTF-8"`) on every request that
 * does not carry an `Authorization` header already. The password and the encoded credentials are registered once.
 *
 * @example
 * basicAuth("t100/admin", password, redactor);
 */
export function basicAuth(username: string, password: string, redactor: Redactor): AuthStrategy {
  const credentials = encodeBase64Utf8(`${username}:${password}`);
  redactor.add(password);
  redactor.add(credentials);
  const header = `Basic ${credentials}`;
  return {
    authorize(headers) {
      if (!headers.has("authorization")) {
        headers.set("Authorization", header);
      }
    },
  };
}

/** A bearer token, or a function that returns the current one (called for every request). */
export type TokenSource = string | (() => string | Promise<string>);

/**
 * `Authorization: Bearer <token>` on every request that does not carry an `Authorization` header already. A token
 * is registered with the redactor the first time it is seen.
 *
 * @example
 * bearerAuth(() => session.accessToken, redactor);
 */
export function bearerAuth(token: TokenSource, redactor: Redactor): AuthStrategy {
  let registered: string | undefined;
  const use = (headers: Headers, value: string): void => {
    if (value !== registered) {
      redactor.add(value);
      registered = value;
    }
    headers.set("Authorization", `Bearer ${value}`);
  };
  if (typeof token === "string") {
    redactor.add(token);
    registered = token;
    const header = `Bearer ${token}`;
    return {
      authorize(headers) {
        if (!headers.has("authorization")) {
          headers.set("Authorization", header);
        }
      },
    };
  }
  return {
    async authorize(headers) {
      if (!headers.has("authorization")) {
        use(headers, await token());
      }
    },
  };
}

/** A credential and how long it is valid. */
export interface Grant<Credential> {
  /** The credential: a token, a session cookie. */
  value: Credential;
  /** Seconds until it expires, counted from when it was received; `undefined` until the server refuses it. */
  expiresIn?: number | undefined;
}

/** Options of {@link renewingAuth}. */
export interface RenewingAuthOptions<Credential> {
  /** Obtains a new credential (HDAP: `_action=authenticate`; 4D: `$directory/login`). */
  obtain(signal: AbortSignal): Promise<Grant<Credential>>;
  /** Puts the credential on a request. */
  apply(headers: Headers, credential: Credential): void;
  /**
   * Obtain a new one this long before the current one expires, so no request leaves with a credential that dies on
   * the way; at most half its lifetime is used. @default 30000
   */
  refreshMarginMs?: number | undefined;
  /** Clock in milliseconds (tests). @default Date.now */
  now?: (() => number) | undefined;
  /** The client's redactor, for the abort errors of callers that stop waiting. */
  redactor: Redactor;
}

/** A {@link AuthStrategy} over a renewable credential, with `forget` for an explicit logout. */
export interface RenewingAuth<Credential> extends AuthStrategy {
  renew(signal: AbortSignal): Promise<boolean>;
  /** The current credential, obtaining one first when there is none. */
  current(signal: AbortSignal): Promise<Credential>;
  /** Whether a credential is held now (none is obtained to answer). */
  readonly held: boolean;
  /** The credential held now, if any (none is obtained to answer). */
  peek(): Credential | undefined;
  /** Drops the credential (after a logout); the next request obtains a new one. */
  forget(): void;
}

/**
 * A credential obtained on demand and shared by every request: cached until `refreshMarginMs` before it expires,
 * obtained once for concurrent requests, and renewed when the server answers `401`. The shared request is never
 * aborted by one caller; that caller only stops waiting.
 */
export function renewingAuth<Credential>(options: RenewingAuthOptions<Credential>): RenewingAuth<Credential> {
  const now = options.now ?? Date.now;
  const refreshMarginMs = options.refreshMarginMs ?? 30_000;
  let cached: { credential: Credential; refreshAt: number } | undefined;
  let inflight: Promise<Credential> | undefined;

  function obtain(): Promise<Credential> {
    inflight ??= options
      // The shared request must outlive any one caller, so it gets a signal of its own that never aborts.
      .obtain(new AbortController().signal)
      .then((grant) => {
        const lifetimeMs = grant.expiresIn === undefined ? undefined : grant.expiresIn * 1000;
        const margin = lifetimeMs === undefined ? 0 : Math.min(refreshMarginMs, lifetimeMs / 2);
        cached = {
          credential: grant.value,
          refreshAt: lifetimeMs === undefined ? Number.POSITIVE_INFINITY : now() + lifetimeMs - margin,
        };
        return grant.value;
      })
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  }

  function current(signal: AbortSignal): Promise<Credential> {
    if (cached !== undefined && now() < cached.refreshAt) {
      return Promise.resolve(cached.credential);
    }
    return waitFor(obtain(), signal, options.redactor);
  }

  return {
    current,
    get held() {
      return cached !== undefined;
    },
    peek: () => cached?.credential,
    async authorize(headers, signal) {
      options.apply(headers, await current(signal));
    },
    async renew(signal) {
      cached = undefined;
      await waitFor(obtain(), signal, options.redactor);
      return true;
    },
    forget() {
      cached = undefined;
    },
  };
}

/** `promise`, unless `signal` aborts first: then an {@link AbortError}, while the promise itself carries on. */
function waitFor<T>(promise: Promise<T>, signal: AbortSignal, redactor: Redactor): Promise<T> {
  if (signal.aborted) {
    return Promise.reject(new AbortError({ redactor, cause: signal.reason }));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortError({ redactor, cause: signal.reason }));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
