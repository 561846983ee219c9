import { createHdapClient, type HdapClient, type HdapClientOptions } from "bytewire/hdap";

/** The real DS host of Ping's examples: MSW answers it, which also proves no request leaves the process. */
export const BASE_URL = "https://localhost:8443";

export const PEOPLE_DN = "ou=People,dc=example,dc=com";
export const BJENSEN_DN = `uid=bjensen,${PEOPLE_DN}`;
export const KVAUGHAN_DN = `uid=kvaughan,${PEOPLE_DN}`;
export const BJENSEN_PATH = "dc=com/dc=example/ou=People/uid=bjensen";
export const KVAUGHAN_PATH = "dc=com/dc=example/ou=People/uid=kvaughan";

/** A deterministic PRNG (mulberry32), so that a failing random case can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One request as it left the client: method, full URL, headers and (for a body) its text. */
export interface SentRequest {
  method: string;
  url: string;
  headers: Headers;
  body: Promise<string>;
}

type FetchFunction = NonNullable<HdapClientOptions["fetch"]>;

/** `globalThis.fetch`, looked up at call time so that MSW's interception (installed in `beforeAll`) applies. */
export const mswFetch: FetchFunction = (request, init) => globalThis.fetch(request, init);

/** A `fetch` for the client that records every request and then lets MSW answer it. */
export function recordingFetch(next: FetchFunction = mswFetch): { sent: SentRequest[]; fetch: FetchFunction } {
  const sent: SentRequest[] = [];
  return {
    sent,
    fetch: (request, init) => {
      sent.push({
        method: request.method,
        url: request.url,
        headers: new Headers(request.headers),
        body: request.body === null ? Promise.resolve("") : request.clone().text(),
      });
      return next(request, init);
    },
  };
}

/** The requests that obtained a token. */
export function authenticateCalls(sent: readonly SentRequest[]): SentRequest[] {
  return sent.filter(
    (request) => request.method === "POST" && new URL(request.url).searchParams.get("_action") === "authenticate",
  );
}

/** An HDAP client on the mock's host with retries off, unless a test asks otherwise. */
export function hdapClient(options: Partial<HdapClientOptions> = {}): HdapClient {
  return createHdapClient({ baseUrl: BASE_URL, maxRetries: 0, fetch: mswFetch, ...options });
}

/** Kirsten Vaughan (allowed to write every entry) with bearer tokens from her password. */
export const KVAUGHAN_PASSWORD_AUTH = { type: "password", dn: KVAUGHAN_DN, password: "bribery" } as const;

/** The bytes of a path or a string, for comparisons. */
export function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
