export { caught, chunkedStream, sameBytes } from "../../support/bytes.ts";
export type { SentRequest } from "../../support/recording-fetch.ts";

import { createFourDClient, type FourDClient, type FourDClientOptions } from "bytewire/fourd";
import { recordingFetch, type SentRequest } from "../../support/recording-fetch.ts";

/** The mock server's root in the document (`servers`); MSW answers it in-process. */
export const BASE_URL = "http://localhost:4010";

/** A client on the mock that records its requests (admin/admin unless `options` say otherwise). */
export function testClient(options: Partial<FourDClientOptions> = {}): { client: FourDClient; sent: SentRequest[] } {
  const recorder = recordingFetch();
  const client = createFourDClient({
    baseUrl: BASE_URL,
    username: "admin",
    password: "admin",
    fetch: recorder.fetch,
    ...options,
  });
  return { client, sent: recorder.sent };
}

/** The decoded query of a sent request. */
export function queryOf(request: SentRequest | undefined): Record<string, string> {
  return Object.fromEntries(new URL(request?.url ?? "http://invalid").searchParams);
}
