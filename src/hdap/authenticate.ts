import { InvalidInputError } from "../binary/invalid-input-error.ts";
import { type HdapCallOptions, type HdapCore, requestInit } from "./call-options.ts";
import { entryPath, type HdapEntryRef } from "./entry-ref.ts";

/** A bearer token from `_action=authenticate`, with `expires_in` converted to a number. */
export interface HdapToken {
  /** The JWT to send as `Authorization: Bearer <accessToken>`. */
  accessToken: string;
  /** Always `"Bearer"`. */
  tokenType: string;
  /** Seconds the token stays valid from when it was issued (HDAP sends a string of digits, such as `"299"`). */
  expiresIn: number;
}

/** True for the request that obtains a token: it travels without credentials and never triggers re-authentication. */
export function isAuthenticateRequest(request: Request): boolean {
  return request.method === "POST" && new URL(request.url).searchParams.get("_action") === "authenticate";
}

function expiresInSeconds(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) {
    return value;
  }
  // The document's type: a string of digits (Ping's answer is "299"); a number is tolerated as RFC 6749 sends it.
  return typeof value === "string" && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Converts the wire answer, refusing one without a usable token or lifetime (its contents are never quoted). */
function toToken(data: unknown): HdapToken {
  const accessToken: unknown =
    typeof data === "object" && data !== null ? Reflect.get(data, "access_token") : undefined;
  const tokenType: unknown = typeof data === "object" && data !== null ? Reflect.get(data, "token_type") : undefined;
  const expiresIn = expiresInSeconds(
    typeof data === "object" && data !== null ? Reflect.get(data, "expires_in") : undefined,
  );
  if (typeof accessToken !== "string" || accessToken === "" || expiresIn === undefined) {
    throw new InvalidInputError(
      "INVALID_RESPONSE",
      "The answer to _action=authenticate has no access_token string or no expires_in in seconds.",
    );
  }
  return { accessToken, tokenType: typeof tokenType === "string" ? tokenType : "Bearer", expiresIn };
}

/**
 * `POST {account}?_action=authenticate` with `{ password }`, without any `Authorization` header (an expired token or
 * a wrong Basic password would otherwise fail the request before the password is checked). The password and the
 * token are registered with the client's redactor, so neither can appear in an error or a log.
 *
 * @throws {ApiError} `401` for a wrong password or a locked account.
 * @throws {InvalidInputError} `INVALID_RESPONSE` when the answer carries no token.
 */
export async function authenticateAccount(
  core: HdapCore,
  account: HdapEntryRef,
  password: string,
  options: HdapCallOptions = {},
): Promise<HdapToken> {
  core.redactor.add(password);
  const result = await core.raw.POST("/hdap/{dnPath}", {
    params: { path: { dnPath: entryPath(account) }, query: { _action: "authenticate" } },
    body: { password },
    ...requestInit(core, options),
  });
  const token = toToken(core.expectData(result));
  core.redactor.add(token.accessToken);
  return token;
}
