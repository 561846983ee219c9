import { type RenewingAuth, renewingAuth } from "../core/auth.ts";
import type { Redactor } from "../core/redact.ts";

/** A 4D REST session opened with a user's name and password (`$directory/login`), renewed when it expires. */
export interface FourDSessionAuth {
  /** A session cookie from `$directory/login`. */
  type: "session";
  /** Sent as `username-4D`. */
  user: string;
  /** Sent as `password-4D` (plain text: use HTTPS); never logged or quoted in errors. */
  password: string;
  /** Minutes of inactivity before 4D closes the session (`session-4D-length`, at least 60). @default 4D's 60 */
  sessionLength?: number | undefined;
}

// `4DSID_<AppName>` since scalable sessions; `WASID4D` on older servers. Some versions set both.
const SESSION_COOKIE = /^(4DSID_[^=]*|WASID4D)=/;

/**
 * The `Cookie` value of the session cookies a login answer sets, registered with the redactor; `undefined` where
 * scripts cannot read them (browsers keep the HttpOnly cookie themselves: the client sends `credentials: "include"`).
 */
export function sessionCookies(headers: Headers, redactor: Redactor): string | undefined {
  const pairs = new Map<string, string>();
  for (const line of headers.getSetCookie?.() ?? []) {
    const pair = line.split(";", 1)[0]?.trim() ?? "";
    const match = SESSION_COOKIE.exec(pair);
    if (match?.[1] !== undefined) {
      redactor.add(pair.slice(match[1].length + 1));
      pairs.set(match[1], pair);
    }
  }
  return pairs.size === 0 ? undefined : [...pairs.values()].join("; ");
}

/**
 * The session as an auth strategy: the first request logs in (concurrent ones share that login), every request sends
 * the cookie, and a `401` (the session expired or was closed on the server) logs in again once.
 */
export function sessionAuth(
  login: (signal: AbortSignal) => Promise<string | undefined>,
  redactor: Redactor,
): RenewingAuth<string | undefined> {
  return renewingAuth({
    obtain: async (signal) => ({ value: await login(signal) }),
    apply: (headers, cookie) => {
      if (cookie !== undefined && !headers.has("cookie")) {
        headers.set("Cookie", cookie);
      }
    },
    redactor,
  });
}
