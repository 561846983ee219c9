import { InvalidInputError } from "../binary/invalid-input-error.ts";
import { callError as coreCallError } from "../core/call-error.ts";
import type { ApiClient } from "../core/client.ts";
import type { CumulocityPaths } from "./types.ts";

/** What the task methods of a Cumulocity client share. */
export interface CumulocityContext {
  /** The core client (raw openapi-fetch client, transports, redactor, retries). */
  core: ApiClient<CumulocityPaths>;
  /** The API root, e.g. `https://t100.eu-latest.cumulocity.com`. */
  baseUrl: string;
  /** The client's own signal. */
  signal: AbortSignal | undefined;
}

/**
 * Throws `INVALID_ID` for an ID that is not a non-empty string: an empty one would address the collection, so a
 * `delete("")` must never leave the process.
 */
export function checkBinaryId(id: string): void {
  if (typeof id !== "string" || id === "") {
    throw new InvalidInputError("INVALID_ID", "A binary ID must be a non-empty string (the managed object's `id`).");
  }
}

/** The URL of a binary, for errors raised before or between requests. */
export function binaryUrl(context: CumulocityContext, id?: string): string {
  const root = `${context.baseUrl.replace(/\/+$/, "")}/inventory/binaries`;
  return id === undefined ? root : `${root}/${encodeURIComponent(id)}`;
}

/**
 * The error a Cumulocity call throws for `error` (see the core {@link coreCallError}).
 */
export function callError(
  error: unknown,
  signal: AbortSignal,
  context: CumulocityContext,
  request: { method: string; url: string },
): unknown {
  return coreCallError(error, signal, { api: "cumulocity", ...request, redactor: context.core.redactor });
}
