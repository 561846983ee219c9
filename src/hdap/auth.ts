import { type AuthStrategy, basicAuth, bearerAuth, renewingAuth, type TokenSource } from "../core/auth.ts";
import { InvalidInputError } from "../core/errors.ts";
import type { Redactor } from "../core/redact.ts";
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

/** A bearer token from `_action=authenticate`, with `expires_in` converted to a number. */
export interface HdapToken {
  /** The JWT to send as `Authorization: Bearer <accessToken>`. */
  accessToken: string;
  /** Always `"Bearer"`. */
  tokenType: string;
  /** Seconds the token stays valid from when it was issued (HDAP sends a string of digits, such as `"299"`). */
  expiresIn: number;
}

/**
 * The auth strategy of an HDAP client, or `undefined` for anonymous calls. Passwords are registered with the redactor
 * at once, so no error or log can show them even before the first request. `authenticate` is the client's own
 * `_action=authenticate` call, which the pipeline sends without any credential of this strategy.
 */
export function hdapAuthStrategy(
  auth: HdapAuth | undefined,
  redactor: Redactor,
  authenticate: (path: string, password: string, signal: AbortSignal) => Promise<HdapToken>,
): AuthStrategy | undefined {
  if (auth === undefined) {
    return undefined;
  }
  switch (auth.type) {
    case "basic":
      return basicAuth(accountPath(auth), auth.password, redactor);
    case "bearer":
      return bearerAuth(auth.token, redactor);
    case "password": {
      const path = accountPath(auth);
      redactor.add(auth.password);
      return renewingAuth({
        obtain: async (signal) => {
          const token = await authenticate(path, auth.password, signal);
          return { value: token.accessToken, expiresIn: token.expiresIn };
        },
        apply: (headers, token) => headers.set("Authorization", `Bearer ${token}`),
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
