export { caught, chunkedStream, sameBytes } from "../../support/bytes.ts";

import {
  type CumulocityClient,
  type CumulocityClientOptions,
  createCumulocityClient,
  type RequestLogEntry,
} from "bytewire/cumulocity";

/** Tenant t100's own domain, as Cumulocity names it; MSW answers it in-process, so nothing leaves the process. */
export const BASE_URL = "https://t100.eu-latest.cumulocity.com";
/** The mock's inventory admin. */
export const ADMIN = { type: "basic", tenant: "t100", user: "admin", password: "admin" } as const;
/** The mock's read-only user. */
export const READER = { type: "basic", tenant: "t100", user: "reader", password: "reader" } as const;

/** What went out, as the fetch received it. */
export interface SentRequest {
  method: string;
  url: string;
  headers: Headers;
  /** The body bytes (read from a clone taken when the request was sent; only for small bodies). */
  body(): Promise<Uint8Array<ArrayBuffer>>;
  /** The body as text. */
  text(): Promise<string>;
}

/** A fetch wrapper: called first with each request, it may answer instead of the mock (return a Response or throw). */
export type Intercept = (request: Request, attempt: number) => Response | Promise<Response> | undefined;

/** A fetch that records every request and passes it to the global fetch (MSW) unless `intercept` answers it. */
export function recordingFetch(intercept?: Intercept): {
  sent: SentRequest[];
  fetch: (request: Request, init?: RequestInit) => Promise<Response>;
} {
  const sent: SentRequest[] = [];
  return {
    sent,
    fetch: async (request, init) => {
      const copy = request.clone();
      const bytes = () => copy.arrayBuffer().then((buffer) => new Uint8Array(buffer));
      sent.push({
        method: request.method,
        url: request.url,
        headers: new Headers(request.headers),
        body: bytes,
        text: async () => new TextDecoder().decode(await bytes()),
      });
      const answer = await intercept?.(request, sent.length);
      if (answer !== undefined) {
        return answer;
      }
      return globalThis.fetch(request, init);
    },
  };
}

/** A client on tenant t100 as admin (unless `options` says otherwise) that records its requests. */
export function testClient(
  options: Partial<CumulocityClientOptions> = {},
  intercept?: Intercept,
): { client: CumulocityClient; sent: SentRequest[] } {
  const recorder = recordingFetch(intercept);
  const client = createCumulocityClient({ baseUrl: BASE_URL, auth: ADMIN, fetch: recorder.fetch, ...options });
  return { client, sent: recorder.sent };
}

/** Cumulocity's answer to a failing server, for injected failures. */
export function serverError(status = 503, headers: Record<string, string> = {}): Response {
  return Response.json(
    { error: "general/serviceUnavailable", message: "Try again later", info: "https://cumulocity.com/guides" },
    { status, headers: { "content-type": "application/vnd.com.nsn.cumulocity.error+json", ...headers } },
  );
}

/** One part of a multipart body, as it was on the wire. */
export interface WirePart {
  /** Part headers, names in lower case. */
  headers: Record<string, string>;
  /** The part's content as text (latin1, so every byte maps to one character). */
  content: string;
}

/** Splits a small multipart body into its parts in wire order (for asserting headers a FormData parser hides). */
export function wireParts(body: Uint8Array, contentType: string): WirePart[] {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (boundary === undefined) {
    throw new Error(`no boundary in ${contentType}`);
  }
  const text = Buffer.from(body).toString("latin1");
  const sections = text.split(`--${boundary}`);
  if (sections.at(-1) !== "--\r\n" || sections[0] !== "") {
    throw new Error("the body does not start with the boundary or does not end with the closing delimiter");
  }
  return sections.slice(1, -1).map((section) => {
    const headerEnd = section.indexOf("\r\n\r\n");
    const headers: Record<string, string> = {};
    for (const line of section.slice(2, headerEnd).split("\r\n")) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    // Each part ends with the CRLF that precedes the next delimiter.
    return { headers, content: section.slice(headerEnd + 4, -2) };
  });
}

/** Every item of an async iterable (a listing, or its pages), in order. */
export async function collect<Item>(iterable: AsyncIterable<Item>): Promise<Item[]> {
  const items: Item[] = [];
  for await (const item of iterable) {
    items.push(item);
  }
  return items;
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
