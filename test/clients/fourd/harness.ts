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

/** Runs `action` and returns what it threw (fails when it did not throw). */
export async function caught(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw");
}

/** Whether two byte arrays are equal (vitest's deep equality takes seconds on large arrays). */
export function sameBytes(actual: Uint8Array | undefined, expected: Uint8Array): boolean {
  return actual !== undefined && Buffer.from(actual).equals(Buffer.from(expected));
}

/** A stream that hands out `bytes` in chunks, as a network or file stream would. */
export function chunkedStream(bytes: Uint8Array, chunkSize = 64 * 1024): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}
