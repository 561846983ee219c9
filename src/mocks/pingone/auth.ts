import type { AuthResult } from "../runtime/types.ts";

/** A caller of the PingOne mock: the token it presented. */
export interface PingOnePrincipal {
  token: string;
}

/** Checks `Authorization: Bearer <token>` against the accepted tokens. Every PingOne operation needs one. */
export function authenticatePingOne(headers: Headers, tokens: readonly string[]): AuthResult<PingOnePrincipal> {
  const authorization = headers.get("authorization");
  if (authorization === null) {
    return { principal: undefined };
  }
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  if (token === undefined || !tokens.includes(token)) {
    return {
      problem: {
        status: 401,
        kind: "unauthorized",
        message: "The request could not be completed. The access token is missing, malformed or expired.",
      },
    };
  }
  return { principal: { token } };
}
