export { caught, chunkedStream, sameBytes } from "../../support/bytes.ts";

import { createPingOneClient, type PingOneClient, type PingOneClientBaseOptions } from "bytewire/pingone";

/** The seed's environment, the mock's default. */
export const ENV = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";
/** The mock server's root in the document (`servers`); MSW answers it in-process. */
export const LOCAL_BASE_URL = "http://localhost:4010/v1";
/** The seed's token as the mock accepts it. */
export const TOKEN = "demo-token";
/** A demo image the mock holds after every reset: logo.png, 80 × 40. */
export const DEMO_PNG_ID = "99b4c866-041f-4c04-b495-be764f14927f";

/** What went out, read from a copy of each request as the fetch received it. */
export interface SentRequest {
  method: string;
  url: string;
  headers: Headers;
  /** The body bytes (read from a clone; only for small bodies). */
  body(): Promise<Uint8Array>;
}

/** A fetch that records every request and passes it to the global fetch (MSW). */
export function recordingFetch(): {
  sent: SentRequest[];
  fetch: (request: Request, init?: RequestInit) => Promise<Response>;
} {
  const sent: SentRequest[] = [];
  return {
    sent,
    fetch: (request, init) => {
      const copy = request.clone();
      sent.push({
        method: request.method,
        url: request.url,
        headers: new Headers(request.headers),
        body: async () => new Uint8Array(await copy.arrayBuffer()),
      });
      return globalThis.fetch(request, init);
    },
  };
}

/** A client on the local mock (or another base URL) that records its requests. */
export function localClient(
  options: Partial<PingOneClientBaseOptions> = {},
  baseUrl: string = LOCAL_BASE_URL,
): {
  client: PingOneClient;
  sent: SentRequest[];
} {
  const recorder = recordingFetch();
  const client = createPingOneClient({
    baseUrl,
    token: TOKEN,
    environmentId: ENV,
    fetch: recorder.fetch,
    ...options,
  });
  return { client, sent: recorder.sent };
}

/** `bytes` followed by zeros up to `size` bytes: a valid image header with the file size a test needs. */
export function padded(bytes: Uint8Array, size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  out.set(bytes.subarray(0, Math.min(bytes.length, size)));
  return out;
}
