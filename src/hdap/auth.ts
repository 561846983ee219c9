import type { Middleware } from "openapi-fetch";
import { InvalidInputError } from "../binary/invalid-input-error.ts";
import { basicAuth, bearerAuth, type TokenSource, tokenAuth } from "../core/auth.ts";
import type { Redactor } from "../core/redact.ts";
import { isAuthenticateRequest } from "./authenticate.ts";
import type { HdapRdn } from "./dn.ts";
import { dnToPath, pathToRdns } from "./dn-path.ts";

/** The account to act as: its LDAP DN (string or RDNs), or its HDAP path (`_id`). */
export type HdapAccount =
  | { readonly dn: string | readonly HdapRdn[]; readonly path?: never }
  | { readonly path: string; readonly dn?: never };

/**
 * HTTP Basic on every request, with the account's HDAP path as the user name
 * (`dc=com/dc=example/ou=People/uid=kvaughan:bribery`).
 */
export type HdapBasicAuth = HdapAccount & {
  readonly type: "basic";
  /** The account's password. */
  readonly password: string;
};

/** `Authorization: Bearer` with a token you obtained; a function is asked for the current token on every request. */
export interface HdapBearerAuth {
  readonly type: "bearer";
  /** The token, or a function returning the current one. */
  readonly token: TokenSource;
}

/**
 * Bearer tokens obtained with the password (`POST ?_action=authenticate`): one token is shared by all requests,
 * renewed `refreshMarginMs` before `expires_in` runs out, and once more when the server answers `401` (the request
 * is then sent again, except one with a binary stream body).
 */
export type HdapPasswordAuth = HdapAccount & {
  readonly type: "password";
  /** The account's password. */
  readonly password: string;
  /**
   * Authenticate again this long before the token expires (at most half its lifetime).
   * @default 30000
   */
  readonly refreshMarginMs?: number | undefined;
};

/** How an HDAP client authenticates; leave it out to call anonymously. */
export type HdapAuth = HdapBasicAuth | HdapBearerAuth | HdapPasswordAuth;

/** The HDAP path an account is addressed by (its Basic user name, and where it authenticates). */
export function accountPath(account: HdapAccount): string {
  if (typeof account.path === "string") {
    pathToRdns(account.path);
    return account.path;
  }
  if (account.dn === undefined) {
    throw new InvalidInputError("INVALID_DN", "An HDAP account needs its dn or its path.");
  }
  return dnToPath(account.dn);
}

// The authenticate request carries the password in its body and nothing else: a stale token or another account's
// Basic credentials would make the server refuse it before it looks at the password.
function exceptAuthenticate(middleware: Middleware): Middleware {
  return {
    onRequest(params) {
      return isAuthenticateRequest(params.request) ? undefined : middleware.onRequest?.(params);
    },
  };
}

/** What {@link hdapAuthMiddleware} needs from the client. */
export interface HdapAuthContext {
  /** The client's secret registry. */
  redactor: Redactor;
  /** Obtains a token for the account (the client's authenticate call). */
  authenticate(path: string, password: string): Promise<{ accessToken: string; expiresIn: number }>;
}

/**
 * The auth middleware of an HDAP client, or `undefined` for anonymous calls. Passwords are registered with the
 * redactor at once, so no error or log can show them even before the first request.
 */
export function hdapAuthMiddleware(auth: HdapAuth | undefined, context: HdapAuthContext): Middleware | undefined {
  if (auth === undefined) {
    return undefined;
  }
  const { redactor } = context;
  switch (auth.type) {
    case "basic":
      return exceptAuthenticate(basicAuth(accountPath(auth), auth.password, { redactor }));
    case "bearer":
      return exceptAuthenticate(bearerAuth(auth.token, { redactor }));
    case "password": {
      const path = accountPath(auth);
      redactor.add(auth.password);
      return tokenAuth({
        getToken: async () => {
          const token = await context.authenticate(path, auth.password);
          return { token: token.accessToken, expiresIn: token.expiresIn };
        },
        appliesTo: (request) => !isAuthenticateRequest(request),
        refreshMarginMs: auth.refreshMarginMs,
        redactor,
      });
    }
    default:
      throw new InvalidInputError(
        "UNSUPPORTED_AUTH",
        'The HDAP auth type must be "basic", "bearer" or "password" (leave auth out for anonymous calls).',
      );
  }
}
