import { InvalidInputError, isInvalidInputError } from "../binary/invalid-input-error.ts";
import type { ApiClient } from "../core/client.ts";
import { AbortError, isBytewireError } from "../core/errors.ts";
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

/** The first {@link InvalidInputError} in an error's cause chain (a stream body that failed its size check). */
function invalidInputIn(error: unknown): InvalidInputError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (isInvalidInputError(current)) {
      return current;
    }
    current = current.cause;
  }
  return undefined;
}

/**
 * The error a call throws for `error`: the {@link InvalidInputError} a request body stream failed with (fetch wraps it
 * in a network error), bytewire's {@link AbortError} when `signal` aborted and the error is its raw reason (a body
 * stream or a retry's wait rejects with it), else `error` itself.
 */
export function callError(
  error: unknown,
  signal: AbortSignal,
  context: CumulocityContext,
  request: { method: string; url: string },
): unknown {
  const invalidInput = invalidInputIn(error);
  if (invalidInput !== undefined) {
    return invalidInput;
  }
  if (!signal.aborted || isBytewireError(error)) {
    return error;
  }
  return new AbortError({ api: "cumulocity", ...request, redactor: context.core.redactor, cause: signal.reason });
}
