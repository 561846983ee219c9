import { decodeBase64, encodeBase64 } from "../../binary/base64.ts";

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
