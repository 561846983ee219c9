/** The text that replaces a credential wherever bytewire prints a header, URL, message or error body. */
export const REDACTED = "[REDACTED]";

// Exact names first; the substring list catches vendor variants (x-auth-token, x-amz-security-token, client-secret).
const SENSITIVE_HEADER_NAMES: ReadonlySet<string> = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "set-cookie2",
  "x-api-key",
  "api-key",
  "x-xsrf-token",
  "x-csrf-token",
  // 4D REST logs in with credentials in headers (`POST /rest/$directory/login`). The user name is redacted too: it
  // travels only on that login request, half a credential pair helps nobody debug, and it is personal data.
  "username-4d",
  "password-4d",
  "hashed-password-4d",
  "x-cumulocity-application-key",
]);
const SENSITIVE_HEADER_PARTS = [
  "authorization",
  "cookie",
  "token",
  "secret",
  "password",
  "passwd",
  "api-key",
  "apikey",
  "credential",
];

const SENSITIVE_PARAM_NAMES: ReadonlySet<string> = new Set(["code", "key", "sig", "auth", "pass", "pwd", "jwt"]);
const SENSITIVE_PARAM_PARTS = ["password", "passwd", "token", "secret", "apikey", "api_key", "api-key", "signature"];

/** Whether a header's value is a credential that must never be printed (case-insensitive). */
export function isSensitiveHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return SENSITIVE_HEADER_NAMES.has(lower) || SENSITIVE_HEADER_PARTS.some((part) => lower.includes(part));
}

/** Whether a query or fragment parameter's value is a credential that must never be printed (case-insensitive). */
export function isSensitiveParam(name: string): boolean {
  const lower = name.toLowerCase();
  return SENSITIVE_PARAM_NAMES.has(lower) || SENSITIVE_PARAM_PARTS.some((part) => lower.includes(part));
}

/**
 * Copies headers into a plain object with lower-case names, replacing the value of every credential header
 * (`Authorization`, `Cookie`, `Set-Cookie`, `X-API-Key`, `password-4D`, `username-4D`, anything named like a token,
 * secret or password) by `[REDACTED]`, and every registered secret in the other values.
 *
 * @example
 * redactHeaders({ Authorization: "Basic dTpw", Accept: "application/json" });
 * // { authorization: "[REDACTED]", accept: "application/json" }
 */
export function redactHeaders(headers: HeadersInit | undefined, redactor?: Redactor): Record<string, string> {
  const result: Record<string, string> = {};
  if (headers === undefined) {
    return result;
  }
  new Headers(headers).forEach((value, name) => {
    result[name] = isSensitiveHeader(name) ? REDACTED : redactor ? redactor.redact(value) : value;
  });
  return result;
}

/**
 * Makes a URL printable: drops `user:password@`, and replaces the value of every query or fragment parameter named
 * like a credential (`password`, `token`, `access_token`, `code`, `key`, `signature`, ...) by `[REDACTED]`. The rest of
 * the URL keeps its original encoding. Text that is not a URL goes through the same patterns as free text.
 *
 * @example
 * redactUrl("https://admin:pw@h.example/rest?$filter=x&access_token=abc");
 * // "https://h.example/rest?$filter=x&access_token=[REDACTED]"
 */
export function redactUrl(url: string | URL): string {
  const text = String(url);
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return redactCredentialPatterns(text);
  }
  const search = parsed.search ? `?${redactParams(parsed.search.slice(1))}` : "";
  const hash = parsed.hash
    ? `#${parsed.hash.includes("=") ? redactParams(parsed.hash.slice(1)) : parsed.hash.slice(1)}`
    : "";
  const origin = parsed.host ? `${parsed.protocol}//${parsed.host}` : parsed.protocol;
  return `${origin}${parsed.pathname}${search}${hash}`;
}

function redactParams(params: string): string {
  return params
    .split("&")
    .map((pair) => {
      const equals = pair.indexOf("=");
      if (equals < 0) {
        return pair;
      }
      return isSensitiveParam(safeDecode(pair.slice(0, equals))) ? `${pair.slice(0, equals)}=${REDACTED}` : pair;
    })
    .join("&");
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    return text;
  }
}

const AUTH_SCHEME_PATTERN = /\b(Basic|Bearer)\s+([A-Za-z0-9._~+/=-]{8,})/gi;
// Credentials (base64, JWT) contain a digit, a symbol or an inner capital; prose such as "Basic authentication" does not.
const CREDENTIAL_LOOKING = /[0-9+/=._~-]|.[A-Z]/;
const URL_USERINFO_PATTERN = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;
const SENSITIVE_PARAM_PATTERN = /([?&#;])([^=&\s#?;"'<>]+)=([^&\s#"'<>]*)/g;

/**
 * Replaces what looks like a credential in free text: `Basic …`/`Bearer …` values, `user:password@` in URLs and
 * values of credential-named `name=value` parameters. Registered secrets are the {@link Redactor}'s job.
 */
export function redactCredentialPatterns(text: string): string {
  return text
    .replace(AUTH_SCHEME_PATTERN, (match, scheme: string, value: string) =>
      CREDENTIAL_LOOKING.test(value) ? `${scheme} ${REDACTED}` : match,
    )
    .replace(URL_USERINFO_PATTERN, "$1")
    .replace(SENSITIVE_PARAM_PATTERN, (match, separator: string, name: string) =>
      isSensitiveParam(safeDecode(name)) ? `${separator}${name}=${REDACTED}` : match,
    );
}

/**
 * A registry of the secrets one client knows (passwords, tokens, credential header values). Error and log
 * formatting passes text through {@link Redactor.redact}, so a server that echoes a password back in its error
 * message cannot make bytewire print it.
 */
export interface Redactor {
  /** Remembers a secret (ignored when empty); its plain and URL-encoded forms are replaced from then on. */
  add(secret: string): void;
  /** Replaces every registered secret and every credential-looking pattern in `text` by `[REDACTED]`. */
  redact(text: string): string;
  /** Returns a deep copy of a parsed JSON value with every string passed through {@link Redactor.redact}. */
  redactValue<T>(value: T): T;
}

/** Options of {@link createRedactor}. */
export interface RedactorOptions {
  /**
   * How many secrets to keep; the least recently added is forgotten first. Rotating tokens make the set grow, and
   * a token that is long replaced is expired; re-adding a secret (done on every request) keeps it fresh.
   * @default 256
   */
  maxSecrets?: number;
}

/**
 * Creates an empty {@link Redactor}.
 *
 * @example
 * const redactor = createRedactor();
 * redactor.add("hunter2");
 * redactor.redact("password hunter2 rejected"); // "password [REDACTED] rejected"
 */
export function createRedactor(options: RedactorOptions = {}): Redactor {
  const maxSecrets = options.maxSecrets ?? 256;
  // A Map keeps insertion order, so deleting and re-inserting makes it a small LRU.
  const secrets = new Map<string, readonly string[]>();
  let sorted: string[] | undefined;

  function forms(): string[] {
    sorted ??= [...new Set([...secrets.values()].flat())].sort((a, b) => b.length - a.length);
    return sorted;
  }

  const redactor: Redactor = {
    add(secret) {
      if (secret === "") {
        return;
      }
      secrets.delete(secret);
      secrets.set(secret, encodedForms(secret));
      while (secrets.size > maxSecrets) {
        const oldest = secrets.keys().next();
        if (oldest.done) {
          break;
        }
        secrets.delete(oldest.value);
      }
      sorted = undefined;
    },
    redact(text) {
      let result = text;
      // Longest first, so a secret that contains a shorter one is replaced whole.
      for (const form of forms()) {
        if (result.includes(form)) {
          result = result.split(form).join(REDACTED);
        }
      }
      return redactCredentialPatterns(result);
    },
    redactValue<T>(value: T): T {
      return redactDeep(value, redactor, 0) as T;
    },
  };
  return redactor;
}

function encodedForms(secret: string): string[] {
  const result = [secret];
  for (const encode of [encodeURIComponent, (s: string) => JSON.stringify(s).slice(1, -1)]) {
    try {
      const encoded = encode(secret);
      if (encoded !== secret) {
        result.push(encoded);
      }
    } catch {
      // encodeURIComponent throws on lone surrogates; the plain form is still registered.
    }
  }
  return result;
}

function redactDeep(value: unknown, redactor: Redactor, depth: number): unknown {
  if (typeof value === "string") {
    return redactor.redact(value);
  }
  if (depth > 32 || value === null || typeof value !== "object") {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item) => redactDeep(item, redactor, depth + 1));
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) {
    return value;
  }
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = redactDeep(item, redactor, depth + 1);
  }
  return copy;
}

// Cookie values shorter than this are preferences (lang=en), not sessions; registering them would shred messages.
const MIN_COOKIE_SECRET_LENGTH = 8;

/**
 * Registers the credentials among headers a caller set (a client's `headers` option once, a call's own `headers`):
 * values of credential headers, the token after `Basic`/`Bearer` (and the password inside a `Basic` value), and
 * session-like cookie values. Credentials bytewire adds itself are registered by their auth strategy, once.
 */
export function registerHeaderSecrets(redactor: Redactor, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (!isSensitiveHeader(name) || typeof value !== "string") {
      continue;
    }
    if (name.toLowerCase() === "cookie") {
      for (const pair of value.split(";")) {
        const cookieValue = pair.slice(pair.indexOf("=") + 1).trim();
        if (cookieValue.length >= MIN_COOKIE_SECRET_LENGTH) {
          redactor.add(cookieValue);
        }
      }
      continue;
    }
    redactor.add(value);
    const [scheme, credentials] = value.split(/\s+/, 2);
    if (credentials !== undefined) {
      redactor.add(credentials);
      if (scheme?.toLowerCase() === "basic") {
        const decoded = decodeBasicPassword(credentials);
        if (decoded !== undefined) {
          redactor.add(decoded);
        }
      }
    }
  }
}

// A quick look for a credential-named query parameter, so the common URL without one is never parsed.
const MAYBE_SENSITIVE_QUERY =
  /[?&#;](?:[^=&#]*(?:password|passwd|token|secret|apikey|api_key|api-key|signature)|code|key|sig|auth|pass|pwd|jwt)=/i;

/** Registers the values of credential-named query parameters of a URL (`?access_token=...`). */
export function registerUrlSecrets(redactor: Redactor, url: string): void {
  if (!MAYBE_SENSITIVE_QUERY.test(url)) {
    return;
  }
  new URL(url).searchParams.forEach((value, name) => {
    if (isSensitiveParam(name)) {
      redactor.add(value);
    }
  });
}

function decodeBasicPassword(credentials: string): string | undefined {
  try {
    const bytes = Uint8Array.from(atob(credentials), (char) => char.charCodeAt(0));
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    const colon = text.indexOf(":");
    return colon < 0 ? undefined : text.slice(colon + 1);
  } catch {
    return undefined;
  }
}

/**
 * Scrubs an error chain in place (the error, its `cause`, their causes, up to 8 deep): registered secrets and
 * credential patterns are removed from each `message` and `stack`. Used on the low-level errors a `fetch`
 * implementation throws (some put the whole URL in their message) before bytewire keeps them as `cause`.
 */
export function redactErrorChain(error: unknown, redactor: Redactor): void {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    const message = redactor.redact(current.message);
    if (message !== current.message) {
      current.message = message;
    }
    if (typeof current.stack === "string") {
      const stack = redactor.redact(current.stack);
      if (stack !== current.stack) {
        current.stack = stack;
      }
    }
    current = current.cause;
  }
}
