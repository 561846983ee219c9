import type { ApiClient } from "../core/client.ts";
import type { Transport } from "../core/transport.ts";
import type { HdapPaths } from "./types.ts";

/** The core client the HDAP tasks run on. */
export type HdapCore = ApiClient<HdapPaths, "application/json">;

/** Options every HDAP task method accepts. */
export interface HdapCallOptions {
  /** Aborts this call. @default undefined */
  signal?: AbortSignal | undefined;
  /** Milliseconds until the response headers must arrive, for this call. @default the client's `timeout` */
  timeout?: number | undefined;
  /** Extra request headers for this call; they win over the client's. @default {} */
  headers?: Record<string, string> | undefined;
  /** Sent as `X-ForgeRock-TransactionId`, which DS writes to its access log. @default undefined */
  transactionId?: string | undefined;
}

/** The openapi-fetch options a call's {@link HdapCallOptions} turn into. */
export interface HdapRequestInit {
  headers: Record<string, string>;
  signal?: AbortSignal;
  fetch?: Transport;
}

/** Builds the per-call openapi-fetch options: headers, signal, and a transport with the call's timeout. */
export function requestInit(core: HdapCore, options: HdapCallOptions): HdapRequestInit {
  const headers: Record<string, string> = { ...options.headers };
  if (options.transactionId !== undefined) {
    headers["X-ForgeRock-TransactionId"] = options.transactionId;
  }
  const init: HdapRequestInit = { headers };
  if (options.signal !== undefined) {
    init.signal = options.signal;
  }
  if (options.timeout !== undefined) {
    init.fetch = core.transportWith({ timeout: options.timeout });
  }
  return init;
}

/** The object without its `undefined` properties (openapi-fetch's query types are exact optional properties). */
export function withoutUndefined<T extends Record<string, unknown>>(
  object: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (value !== undefined) {
      result[key] = value;
    }
  }
  return result as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** A `_fields` or `_sortKeys` value: the names comma-joined, or `undefined` when none are given. */
export function commaList(fields: readonly string[] | undefined): string | undefined {
  return fields === undefined || fields.length === 0 ? undefined : fields.join(",");
}
