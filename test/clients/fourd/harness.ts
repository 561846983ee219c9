export { caught, chunkedStream, sameBytes } from "../../support/bytes.ts";

import { createFourDClient, type FourDClient, type FourDClientOptions } from "bytewire/fourd";

/** The mock server's root in the document (`servers`); MSW answers it in-process. */
export const BASE_URL = "http://localhost:4010";

/** What went out, read from a copy of each request as the fetch received it. */
export interface SentRequest {
  method: string;
  url: string;
  headers: Headers;
  body(): Promise<Uint8Array>;
}

/** A client on the mock that records its requests (admin/admin unless `options` say otherwise). */
export function testClient(options: Partial<FourDClientOptions> = {}): { client: FourDClient; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const client = createFourDClient({
    baseUrl: BASE_URL,
    username: "admin",
    password: "admin",
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
    ...options,
  });
  return { client, sent };
}

/** The decoded query of a sent request. */
export function queryOf(request: SentRequest | undefined): Record<string, string> {
  return Object.fromEntries(new URL(request?.url ?? "http://invalid").searchParams);
}
