import type { Middleware } from "openapi-fetch";
import type { Redactor } from "../core/redact.ts";

/** How the client logs in: user name and password of a 4D REST user, and the session's inactivity timeout. */
export interface FourDCredentials {
  /** Sent as `username-4D`. */
  username: string;
  /** Sent as `password-4D` (plain text: use HTTPS); never logged or quoted in errors. */
  password: string;
  /** Minutes of inactivity before 4D closes the session (`session-4D-length`, at least 60). @default 4D's 60 */
  sessionLength?: number | undefined;
}

// `4DSID_<AppName>` since scalable sessions; `WASID4D` on older servers. Some versions set both.
const SESSION_COOKIE = /^(4DSID_[^=]*|WASID4D)=/;
const DIRECTORY_PATH = /\/rest\/\$directory\/(login|logout)$/;
// Requests whose body openapi-fetch built from a value (JSON): cheap to copy, so a 401 can be answered by logging in
// again and sending the copy. A file body is never copied.
const REPLAYABLE_CONTENT_TYPE = /^application\/([\w.+-]*\+)?json\b/i;

/**
 * A 4D REST session: the session cookie from `$directory/login`, sent on every request. In browsers the cookie is
 * `HttpOnly` and invisible to scripts, so the browser keeps it (the client sends `credentials: "include"`); elsewhere
 * this object keeps it, since fetch has no cookie jar.
 */
export class FourDSession {
  /** `name=value` pairs of the session cookies, as the last login set them. */
  #cookies = new Map<string, string>();
  #loggedIn = false;
  #inflight: Promise<void> | undefined;
  readonly #login: () => Promise<Headers>;
  readonly #redactor: Redactor;
  readonly #automatic: boolean;

  /**
   * @param login sends `$directory/login` and returns the answer's headers; it throws when 4D refuses.
   * @param automatic whether requests log in by themselves (the client was given credentials).
   */
  constructor(login: () => Promise<Headers>, redactor: Redactor, automatic: boolean) {
    this.#login = login;
    this.#redactor = redactor;
    this.#automatic = automatic;
  }

  /** Whether requests log in by themselves (the client was given credentials). */
  get automatic(): boolean {
    return this.#automatic;
  }

  /** Whether a login succeeded and no 401 or logout has ended it since. */
  get loggedIn(): boolean {
    return this.#loggedIn;
  }

  /** Logs in (again); concurrent callers share one login request. `send` replaces the default login request. */
  login(send: () => Promise<Headers> = this.#login): Promise<void> {
    this.#inflight ??= send()
      .then((headers) => {
        this.remember(headers);
        this.#loggedIn = true;
      })
      .finally(() => {
        this.#inflight = undefined;
      });
    return this.#inflight;
  }

  /** Forgets the session (after a logout, or when 4D refused it). */
  forget(): void {
    this.#loggedIn = false;
    this.#cookies.clear();
  }

  /** Keeps the session cookies a response sets (readable outside browsers only). */
  remember(headers: Headers): void {
    for (const line of headers.getSetCookie?.() ?? []) {
      const pair = line.split(";", 1)[0]?.trim() ?? "";
      const match = SESSION_COOKIE.exec(pair);
      if (match?.[1] !== undefined) {
        this.#redactor.add(pair.slice(match[1].length + 1));
        this.#cookies.set(match[1], pair);
      }
    }
  }

  /** The `Cookie` header value, if this object holds the session. */
  cookieHeader(): string | undefined {
    return this.#cookies.size === 0 ? undefined : [...this.#cookies.values()].join("; ");
  }

  /**
   * Middleware: logs in before a request when credentials were given and there is no session, sends the cookie, and
   * on a 401 logs in again and sends a body-less or JSON request once more (a file upload returns the 401).
   */
  middleware(): Middleware {
    const replays = new WeakMap<Request, Request | undefined>();
    return {
      onRequest: async ({ request }) => {
        const directory = DIRECTORY_PATH.exec(new URL(request.url).pathname)?.[1];
        if (directory === "login") {
          return request;
        }
        // Logging in just to log out would open a session only to close it.
        if (directory !== "logout" && this.#automatic && !this.#loggedIn) {
          await this.login();
        }
        const cookie = this.cookieHeader();
        if (cookie !== undefined && !request.headers.has("cookie")) {
          request.headers.set("Cookie", cookie);
        }
        if (directory === undefined && this.#automatic) {
          const replayable =
            request.body === null || REPLAYABLE_CONTENT_TYPE.test(request.headers.get("content-type") ?? "");
          replays.set(request, replayable ? request.clone() : undefined);
        }
        return request;
      },
      onResponse: async ({ request, response, options }) => {
        if (!replays.has(request) || response.status !== 401) {
          return response;
        }
        const replay = replays.get(request);
        replays.delete(request);
        // The session expired or was closed on the server: the next request logs in again.
        this.forget();
        if (replay === undefined) {
          return response;
        }
        await this.login();
        // Not awaited: a cloned body (MSW keeps a clone of each mocked response) settles cancel() only with its twin.
        response.body?.cancel().catch(() => undefined);
        const headers = new Headers(replay.headers);
        const cookie = this.cookieHeader();
        if (cookie !== undefined) {
          headers.set("Cookie", cookie);
        }
        return options.fetch(new Request(replay, { headers }));
      },
    };
  }
}
