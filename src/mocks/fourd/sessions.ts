import type { components } from "../../../generated/schema.ts";
import type { AuthResult, MockContext, Problem } from "../runtime/types.ts";
import { fourDErrors, fourDProblem } from "./errors.ts";
import type { ResolvedFourDMockOptions } from "./index.ts";

/*
 * REST sessions: the session table, the `4DSID_App` cookie that says who calls, `$directory/login` and
 * `$directory/logout`.
 */

/** A random 32-character uppercase hexadecimal ID, the form of 4D's upload IDs and session cookies. */
export function randomHexId(): string {
  return crypto.randomUUID().replaceAll("-", "").toUpperCase();
}

/** An open REST session. */
export interface FourDSession {
  /** The cookie value (32 uppercase hex characters). */
  id: string;
  userName: string;
  canUpdate: boolean;
  /** Inactivity timeout in minutes (`session-4D-length`, at least 60). */
  lengthMinutes: number;
  /** Last request that used the session, in ms. */
  lastActivity: number;
}

/** 4D's default inactivity timeout of a REST session, in minutes. */
const DEFAULT_SESSION_MINUTES = 60;

/** The open sessions, each ending after its inactivity timeout; at most `maxSessions` at once. */
export class SessionTable {
  readonly #sessions = new Map<string, FourDSession>();
  readonly #maxSessions: number;

  constructor(maxSessions: number) {
    this.#maxSessions = maxSessions;
  }

  /** The live session with this ID, touched so that its timeout starts again; an expired one is closed. */
  use(id: string, now: number): FourDSession | undefined {
    const session = this.#sessions.get(id);
    if (!session) {
      return undefined;
    }
    if (this.#expired(session, now)) {
      this.#sessions.delete(id);
      return undefined;
    }
    session.lastActivity = now;
    return session;
  }

  /** Opens a session for a user, or answers `"full"` when `maxSessions` live sessions are open. */
  open(user: { name: string; canUpdate: boolean }, lengthMinutes: number, now: number): FourDSession | "full" {
    for (const session of this.#sessions.values()) {
      if (this.#expired(session, now)) {
        this.#sessions.delete(session.id);
      }
    }
    if (this.#sessions.size >= this.#maxSessions) {
      return "full";
    }
    const session = {
      id: randomHexId(),
      userName: user.name,
      canUpdate: user.canUpdate,
      lengthMinutes,
      lastActivity: now,
    };
    this.#sessions.set(session.id, session);
    return session;
  }

  /** Closes a session; false when it was not open. */
  close(id: string): boolean {
    return this.#sessions.delete(id);
  }

  /** Closes every session. */
  clear(): void {
    this.#sessions.clear();
  }

  #expired(session: FourDSession, now: number): boolean {
    return now - session.lastActivity > session.lengthMinutes * 60_000;
  }
}

/** The session cookie of the mocked project, whose name is `App`: 4D names it `4DSID_<AppName>`. */
const SESSION_COOKIE = "4DSID_App";

/** A caller of the 4D mock that sent the cookie of a live session. */
export interface FourDPrincipal {
  sessionId: string;
  userName: string;
  canUpdate: boolean;
}

/** The values of a cookie in a `Cookie` header (a browser may send the same name twice, for two paths). */
function cookieValues(header: string | null, name: string): string[] {
  return (header ?? "")
    .split(";")
    .map((pair) => pair.trim())
    .filter((pair) => pair.startsWith(`${name}=`))
    .map((pair) => pair.slice(name.length + 1).replace(/^"(.*)"$/, "$1"));
}

/**
 * Finds the caller's session from its cookie. An unknown or expired cookie is no error: 4D treats the request as a
 * guest's, and only the operations that need a session refuse it.
 */
export function authenticateFourD(
  cookie: string | null,
  sessions: SessionTable,
  now: number,
): AuthResult<FourDPrincipal> {
  for (const id of cookieValues(cookie, SESSION_COOKIE)) {
    const session = sessions.use(id, now);
    if (session) {
      return { principal: { sessionId: session.id, userName: session.userName, canUpdate: session.canUpdate } };
    }
  }
  return { principal: undefined };
}

type FourDLoginResult = components["schemas"]["FourDLoginResult"];

// A plain Response, not msw's HttpResponse: msw would copy an HttpResponse's Set-Cookie into its process-wide cookie
// store and replay it on every later request of the mock server, logging in callers that never logged in. The cookie
// goes through `context.setCookie`, which also works in the browser worker.
function loginResult(value: boolean): Response {
  const body: FourDLoginResult = { result: value };
  return Response.json(body);
}

function sessionCookie(value: string, options: ResolvedFourDMockOptions, expire = false): string {
  const sameSite = options.cookieSameSite;
  // Browsers drop a SameSite=None cookie that is not Secure.
  const secure = sameSite === "None" ? "; Secure" : "";
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=${sameSite}${secure}${expire ? "; Max-Age=0" : ""}`;
}

/**
 * `POST /rest/$directory/login`: checks `username-4D` and `password-4D` and opens a session (a new ID, also when the
 * caller already had one, so that a session ID seen before the login is worth nothing after it). `{"result": false}`
 * for wrong or missing credentials; `402` errCode 1807 when `maxSessions` sessions are open.
 */
export function login(
  sessions: SessionTable,
  options: ResolvedFourDMockOptions,
  context: MockContext<FourDPrincipal>,
): Response | Problem {
  const { headers, principal } = context;
  const name = headers.get("username-4D");
  const password = headers.get("password-4D");
  const user = options.users.find((candidate) => candidate.name === name && candidate.password === password);
  if (!user) {
    return loginResult(false);
  }
  if (principal) {
    sessions.close(principal.sessionId);
  }
  const minutes = Number(headers.get("session-4D-length") ?? DEFAULT_SESSION_MINUTES);
  const session = sessions.open({ name: user.name, canUpdate: user.canUpdate }, minutes, context.now());
  if (session === "full") {
    return fourDProblem(402, "too-many-requests", [fourDErrors.noFreeSession()]);
  }
  context.setCookie(sessionCookie(session.id, options));
  return loginResult(true);
}

/** `GET /rest/$directory/logout`: closes the caller's session and clears its cookie; `{"result": false}` without one. */
export function logout(
  sessions: SessionTable,
  options: ResolvedFourDMockOptions,
  context: MockContext<FourDPrincipal>,
): Response {
  if (!context.principal) {
    return loginResult(false);
  }
  sessions.close(context.principal.sessionId);
  context.setCookie(sessionCookie("", options, true));
  return loginResult(true);
}
