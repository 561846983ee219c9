import { decodeBase64 } from "../../binary/base64.ts";
import type { AuthResult } from "../runtime/types.ts";
import { type Dn, tryParseIdDn } from "./dn.ts";
import { hdapProblem } from "./errors.ts";
import { checkCredentials, isAccountDisabled } from "./passwords.ts";
import type { HdapState } from "./state.ts";

/** A caller of the HDAP mock: the account it authenticated as, and how. */
export interface HdapPrincipal {
  /** The account's `_id` as stored (`dc=com/dc=example/ou=People/uid=kvaughan`). */
  id: string;
  dn: Dn;
  scheme: "basic" | "bearer";
}

// DS's answer to a failed bind; the same text for a wrong password, an unknown account and a bad token, so that the
// answer tells an attacker nothing, and never the credentials themselves.
const INVALID_CREDENTIALS = "Invalid Credentials";

function unauthorized(message = INVALID_CREDENTIALS): AuthResult<HdapPrincipal> {
  return { problem: hdapProblem(401, message) };
}

function decodeBasic(encoded: string): { user: string; password: string } | undefined {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(decodeBase64(encoded));
    const colon = text.indexOf(":");
    return colon < 0 ? undefined : { user: text.slice(0, colon), password: text.slice(colon + 1) };
  } catch {
    return undefined;
  }
}

function basic(state: HdapState, encoded: string): AuthResult<HdapPrincipal> {
  const credentials = decodeBasic(encoded);
  const dn = credentials && tryParseIdDn(credentials.user);
  if (!credentials || !dn) {
    return unauthorized();
  }
  const entry = state.store.get(dn);
  const check = checkCredentials(state, entry, credentials.password);
  if (check !== "valid" || !entry) {
    return unauthorized(check === "locked" ? `${INVALID_CREDENTIALS}: the account is locked` : INVALID_CREDENTIALS);
  }
  return { principal: { id: entry.id, dn: entry.dn, scheme: "basic" } };
}

async function bearer(state: HdapState, token: string): Promise<AuthResult<HdapPrincipal>> {
  const claims = await state.signer.verify(token);
  if (!claims) {
    return unauthorized(`${INVALID_CREDENTIALS}: the bearer token is not valid`);
  }
  if (Math.floor(state.clock() / 1000) >= claims.exp) {
    return unauthorized(`${INVALID_CREDENTIALS}: the bearer token has expired`);
  }
  const dn = tryParseIdDn(claims.sub);
  const entry = dn && state.store.get(dn);
  if (!entry || isAccountDisabled(entry)) {
    return unauthorized();
  }
  return { principal: { id: entry.id, dn: entry.dn, scheme: "bearer" } };
}

/**
 * Reads `Authorization`: HTTP Basic with an entry's `_id` as the user name, or `Bearer` with a JWT of
 * `_action=authenticate`. No header is an anonymous caller; any failure (wrong password, unknown account, locked or
 * disabled account, bad, expired or foreign token, another scheme) is `401 Invalid Credentials`.
 */
export async function authenticateHdap(state: HdapState, headers: Headers): Promise<AuthResult<HdapPrincipal>> {
  const authorization = headers.get("authorization");
  if (authorization === null) {
    return { principal: undefined };
  }
  const [, scheme = "", value = ""] = /^(\S+)\s+(\S+)\s*$/.exec(authorization) ?? [];
  switch (scheme.toLowerCase()) {
    case "basic":
      return basic(state, value);
    case "bearer":
      return bearer(state, value);
    default:
      return unauthorized();
  }
}
