import type { AuthResult } from "../runtime/types.ts";
import type { SessionTable } from "./sessions.ts";

/** The session cookie of the mocked project, whose name is `App`: 4D names it `4DSID_<AppName>`. */
export const SESSION_COOKIE = "4DSID_App";

/** A caller of the 4D mock that sent the cookie of a live session. */
export interface FourDPrincipal {
  sessionId: string;
  userName: string;
  canUpdate: boolean;
}

/** The values of a cookie in a `Cookie` header (a browser may send the same name twice, for two paths). */
export function cookieValues(header: string | null, name: string): string[] {
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
