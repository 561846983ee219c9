export { caught, chunkedStream, sameBytes } from "../../support/bytes.ts";
export type { SentRequest } from "../../support/recording-fetch.ts";

import { createFourDClient, type FourDClient, type FourDClientOptions } from "bytewire/fourd";
import { recordingFetch, type SentRequest } from "../../support/recording-fetch.ts";

/** The mock server's root in the document (`servers`); MSW answers it in-process. */
export const BASE_URL = "http://localhost:4010";

/** The mock's administrator, who may update. */
export const ADMIN = { type: "session", user: "admin", password: "admin" } as const;

/** The mock's user who may only read (`canUpdate: false`): updates answer 200 with errCode 1558. */
export const READER = { type: "session", user: "reader", password: "reader" } as const;

/** A client on the mock that records its requests (admin/admin unless `options` say otherwise). */
export function testClient(options: Partial<FourDClientOptions> = {}): { client: FourDClient; sent: SentRequest[] } {
  const recorder = recordingFetch();
  const client = createFourDClient({
    baseUrl: BASE_URL,
    auth: ADMIN,
    fetch: recorder.fetch,
    ...options,
  });
  return { client, sent: recorder.sent };
}

/** A client without auth: requests go as a guest. */
export function guestClient(options: Partial<FourDClientOptions> = {}): { client: FourDClient; sent: SentRequest[] } {
  return testClient({ auth: undefined, ...options });
}

/** Every item of an async iterable (a listing, or its pages). */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) {
    items.push(item);
  }
  return items;
}

/** The decoded query of a sent request. */
export function queryOf(request: SentRequest | undefined): Record<string, string> {
  return Object.fromEntries(new URL(request?.url ?? "http://invalid").searchParams);
}
