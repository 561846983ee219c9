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
