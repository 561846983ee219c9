import { type AuthStrategy, basicAuth, bearerAuth, type TokenSource } from "../core/auth.ts";
import type { Redactor } from "../core/redact.ts";

/**
 * HTTP Basic login of a tenant user. Cumulocity's user name is `<tenant>/<user>`; the tenant may be left out when the
 * base URL is the tenant's own domain (`https://t100.eu-latest.cumulocity.com`).
 */
export interface CumulocityBasicAuth {
  /** HTTP Basic. */
  type: "basic";
  /** Tenant ID, e.g. `t100`. @default undefined (the host names the tenant) */
  tenant?: string | undefined;
  /** User name without the tenant. */
  user: string;
  /** Password; registered for redaction, never logged or quoted in errors. */
  password: string;
}

/** A bearer access token (OAI-Secure), or a function returning the current one, called for every request. */
export interface CumulocityBearerAuth {
  /** A bearer token (`Authorization: Bearer <token>`). */
  type: "bearer";
  /** The token, or a function that returns the current one. */
  token: TokenSource;
}

/** How a Cumulocity client logs in. */
export type CumulocityAuth = CumulocityBasicAuth | CumulocityBearerAuth;

/** The Basic user name: `<tenant>/<user>`, or `<user>` without a tenant. */
function cumulocityUserName(auth: CumulocityBasicAuth): string {
  return auth.tenant === undefined || auth.tenant === "" ? auth.user : `${auth.tenant}/${auth.user}`;
}

/**
 * Checks the auth options and returns the strategy that puts them on every request to the tenant.
 *
 * @throws {TypeError} for an unknown `type`, a missing user or token, a user name with `:` (RFC 7617 forbids it) or
 * a tenant with `/` or `:`; the message never contains the password or token
 */
export function cumulocityAuth(auth: CumulocityAuth, redactor: Redactor): AuthStrategy {
  if (auth.type === "basic") {
    if (typeof auth.user !== "string" || auth.user === "" || auth.user.includes(":")) {
      throw new TypeError("[bytewire] Cumulocity basic auth needs a user name without ':'");
    }
    if (auth.tenant !== undefined && /[/:]/.test(auth.tenant)) {
      throw new TypeError("[bytewire] A Cumulocity tenant ID contains neither '/' nor ':' (e.g. t100)");
    }
    if (typeof auth.password !== "string") {
      throw new TypeError("[bytewire] Cumulocity basic auth needs a password string");
    }
    const userName = cumulocityUserName(auth);
    return basicAuth(userName, auth.password, redactor);
  }
  if (auth.type === "bearer") {
    if (typeof auth.token !== "function" && (typeof auth.token !== "string" || auth.token === "")) {
      throw new TypeError("[bytewire] Cumulocity bearer auth needs a token or a function returning one");
    }
    return bearerAuth(auth.token, redactor);
  }
  throw new TypeError(`[bytewire] Unknown Cumulocity auth type; expected "basic" or "bearer"`);
}
