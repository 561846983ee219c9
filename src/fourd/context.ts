import { callError as coreCallError } from "../core/call-error.ts";
import type { ApiClient } from "../core/client.ts";
import type { FourDSession } from "./session.ts";
import type { FourDPaths } from "./types.ts";

/** What the task methods of a 4D client share. */
export interface FourDContext {
  /** The core client (raw openapi-fetch client, transports, redactor, retries). */
  core: ApiClient<FourDPaths>;
  /** The server root, e.g. `https://4d.example.com`. */
  baseUrl: string;
  /** The REST session (cookie, login). */
  session: FourDSession;
  /** The client's own signal. */
  signal: AbortSignal | undefined;
}

/** A URL under `/rest/`, for errors raised before or between requests. */
export function restUrl(context: FourDContext, path: string): string {
  return `${context.baseUrl.replace(/\/+$/, "")}/rest/${path}`;
}

/** The error a 4D call throws for `error` (see the core callError). */
export function callError(
  error: unknown,
  signal: AbortSignal,
  context: FourDContext,
  request: { method: string; url: string },
): unknown {
  return coreCallError(error, signal, { api: "fourd", ...request, redactor: context.core.redactor });
}
