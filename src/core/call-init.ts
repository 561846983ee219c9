import type { TransportOverrides } from "./client.ts";
import type { Transport } from "./transport.ts";

/** What every task method of every client accepts per call. */
export interface CallOptions {
  /** Aborts this call. */
  signal?: AbortSignal | undefined;
  /** Milliseconds until the response headers must arrive, sending included. @default the client's `timeout` */
  timeout?: number | undefined;
  /** Extra request headers; those the call sets itself win. */
  headers?: Record<string, string> | undefined;
}

/**
 * The per-call parts of an openapi-fetch init that come from {@link CallOptions}: the signal, the headers, and for a
 * `timeout` a transport with that timeout.
 */
export function callInit(
  core: { transportWith(overrides: TransportOverrides): Transport },
  options: CallOptions,
): { signal?: AbortSignal; headers?: Record<string, string>; fetch?: Transport } {
  return {
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.headers === undefined ? {} : { headers: options.headers }),
    ...(options.timeout === undefined ? {} : { fetch: core.transportWith({ timeout: options.timeout }) }),
  };
}
