import type { components } from "../../../generated/schema.ts";
import type { MockContext, Problem } from "../runtime/types.ts";
import { type FourDPrincipal, SESSION_COOKIE } from "./auth.ts";
import { fourDErrors } from "./error-items.ts";
import { fourDProblem } from "./errors.ts";
import type { ResolvedFourDMockOptions } from "./options.ts";
import { DEFAULT_SESSION_MINUTES, type SessionTable } from "./sessions.ts";

type FourDLoginResult = components["schemas"]["FourDLoginResult"];

// A plain Response, not msw's HttpResponse: msw would copy an HttpResponse's Set-Cookie into its process-wide cookie
// store and replay it on every later request of the mock server, logging in callers that never logged in. The cookie
// goes through `context.setCookie`, which also works in the browser worker.
function result(value: boolean): Response {
  const body: FourDLoginResult = { result: value };
  return Response.json(body);
}

function cookie(value: string, options: ResolvedFourDMockOptions, expire = false): string {
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
    return result(false);
  }
  if (principal) {
    sessions.close(principal.sessionId);
  }
  const minutes = Number(headers.get("session-4D-length") ?? DEFAULT_SESSION_MINUTES);
  const session = sessions.open({ name: user.name, canUpdate: user.canUpdate }, minutes, context.now());
  if (session === "full") {
    return fourDProblem(402, "too-many-requests", [fourDErrors.noFreeSession()]);
  }
  context.setCookie(cookie(session.id, options));
  return result(true);
}

/** `GET /rest/$directory/logout`: closes the caller's session and clears its cookie; `{"result": false}` without one. */
export function logout(
  sessions: SessionTable,
  options: ResolvedFourDMockOptions,
  context: MockContext<FourDPrincipal>,
): Response {
  if (!context.principal) {
    return result(false);
  }
  sessions.close(context.principal.sessionId);
  context.setCookie(cookie("", options, true));
  return result(true);
}
