export { caught, chunkedStream, sameBytes } from "../../support/bytes.ts";
export { recordingFetch, type SentRequest } from "../../support/recording-fetch.ts";

import {
  createPingOneClient,
  type PingOneBearerAuth,
  type PingOneClient,
  type PingOneClientBaseOptions,
  type RequestLogEntry,
} from "bytewire/pingone";
import { recordingFetch, type SentRequest } from "../../support/recording-fetch.ts";

/** The seed's environment, the mock's default. */
export const ENV = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";
/** The mock server's root in the document (`servers`); MSW answers it in-process. */
export const LOCAL_BASE_URL = "http://localhost:4010/v1";
/** The seed's token as the mock accepts it. */
export const TOKEN = "demo-token";
/** The client auth that sends {@link TOKEN}. */
export const AUTH: PingOneBearerAuth = { type: "bearer", token: TOKEN };
/** PingOne's documented image size limit, "2 MB", which the client applies by default: 2 MiB. */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
/** A demo image the mock holds after every reset: logo.png, 80 × 40. */
export const DEMO_PNG_ID = "99b4c866-041f-4c04-b495-be764f14927f";

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
    auth: AUTH,
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

/** A `logger` that keeps every entry, and the waits it scheduled before retries (`retryInMs`), in order. */
export function logRecorder(): {
  entries: RequestLogEntry[];
  logger: (entry: RequestLogEntry) => void;
  waits(): number[];
} {
  const entries: RequestLogEntry[] = [];
  return {
    entries,
    logger: (entry) => entries.push(entry),
    waits: () => entries.flatMap((entry) => (entry.retryInMs === undefined ? [] : [entry.retryInMs])),
  };
}
