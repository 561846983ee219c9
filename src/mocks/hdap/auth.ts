import { decodeBase64, encodeBase64 } from "../../binary/base64.ts";
import type { AuthResult } from "../runtime/types.ts";
import { type HdapProblem, hdapProblem } from "./common-rest.ts";
import { type Dn, dnKey, formatLdapDn, sameDn, tryParseIdDn } from "./dn.ts";
import type { HdapState } from "./index.ts";
import { checkCredentials, isAccountDisabled } from "./passwords.ts";

/*
 * Who calls (HTTP Basic, or a bearer JWT that this mock signed) and what they may read and write.
 */

/** The claims of an HDAP bearer token: the account's `_id`, issue and expiry times in seconds since the epoch. */
export interface TokenClaims {
  sub: string;
  iat: number;
  exp: number;
}

const HEADER = { alg: "HS256", typ: "JWT" };
const encoder = new TextEncoder();

function toBase64Url(bytes: Uint8Array): string {
  return encodeBase64(bytes).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
    return undefined;
  }
  const base64 = text.replaceAll("-", "+").replaceAll("_", "/");
  try {
    return decodeBase64(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  } catch {
    return undefined;
  }
}

function parseJsonPart(text: string): unknown {
  const bytes = fromBase64Url(text);
  if (!bytes) {
    return undefined;
  }
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}

function isClaims(value: unknown): value is TokenClaims {
  const claims = value as Partial<TokenClaims> | undefined;
  return (
    typeof claims === "object" &&
    claims !== null &&
    typeof claims.sub === "string" &&
    Number.isSafeInteger(claims.iat) &&
    Number.isSafeInteger(claims.exp)
  );
}

/**
 * Signs and checks HS256 JWTs with a random key of its own (WebCrypto, so it runs in browsers too), as DS does
 * without a configured `jwt-key-alias`. A token from another mock instance, or from before {@link rotate}, fails.
 */
export class TokenSigner {
  #key: Promise<CryptoKey> | undefined;

  #currentKey(): Promise<CryptoKey> {
    this.#key ??= crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    return this.#key;
  }

  /** Forgets the key: every token signed so far stops working. */
  rotate(): void {
    this.#key = undefined;
  }

  /** A compact JWT carrying the claims. */
  async sign(claims: TokenClaims): Promise<string> {
    const input = `${toBase64Url(encoder.encode(JSON.stringify(HEADER)))}.${toBase64Url(encoder.encode(JSON.stringify(claims)))}`;
    const signature = await crypto.subtle.sign("HMAC", await this.#currentKey(), encoder.encode(input));
    return `${input}.${toBase64Url(new Uint8Array(signature))}`;
  }

  /** The claims of a token this signer issued and nobody altered, or `undefined`. Expiry is the caller's check. */
  async verify(token: string): Promise<TokenClaims | undefined> {
    const [header, payload, signature, ...rest] = token.split(".");
    if (header === undefined || payload === undefined || signature === undefined || rest.length > 0) {
      return undefined;
    }
    const parsedHeader = parseJsonPart(header) as { alg?: unknown } | undefined;
    const signatureBytes = fromBase64Url(signature);
    if (parsedHeader?.alg !== "HS256" || !signatureBytes) {
      return undefined;
    }
    const valid = await crypto.subtle.verify(
      "HMAC",
      await this.#currentKey(),
      signatureBytes,
      encoder.encode(`${header}.${payload}`),
    );
    const claims = valid ? parseJsonPart(payload) : undefined;
    return isClaims(claims) ? claims : undefined;
  }
}

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

/** What a write does to an entry, for the access check and its message. */
export type WriteKind = "modified" | "added" | "deleted" | "renamed";

/** True for an account listed in `writers` (kvaughan and the admin by default). */
export function isWriter(state: HdapState, principal: HdapPrincipal | undefined): boolean {
  return principal !== undefined && state.writerKeys.has(dnKey(principal.dn));
}

/**
 * The mock's access controls for writes, in the spirit of the `ds-evaluation` ACIs: anonymous callers write nothing
 * (`401`), every account may modify its own entry, writers may do anything, and everyone else gets `403`.
 */
export function writeAccessProblem(
  state: HdapState,
  principal: HdapPrincipal | undefined,
  target: Dn,
  kind: WriteKind,
): HdapProblem | undefined {
  const allowed =
    isWriter(state, principal) || (kind === "modified" && principal !== undefined && sameDn(principal.dn, target));
  if (allowed) {
    return undefined;
  }
  const message = `Insufficient Access Rights: The entry ${formatLdapDn(target)} cannot be ${kind} due to insufficient access rights`;
  return hdapProblem(principal === undefined ? 401 : 403, message);
}

/** Anonymous reads are allowed unless the options turn them off. */
export function readAccessProblem(state: HdapState, principal: HdapPrincipal | undefined): HdapProblem | undefined {
  return principal === undefined && !state.options.anonymousReads
    ? hdapProblem(401, "Anonymous access is not allowed: authenticate with Basic or a bearer token")
    : undefined;
}
