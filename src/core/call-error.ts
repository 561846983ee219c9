import { type InvalidInputError, isInvalidInputError } from "../binary/invalid-input-error.ts";
import { AbortError, type ApiName, isBytewireError } from "./errors.ts";
import type { Redactor } from "./redact.ts";

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
  request: { api: ApiName; method: string; url: string; redactor: Redactor },
): unknown {
  const invalidInput = invalidInputIn(error);
  if (invalidInput !== undefined) {
    return invalidInput;
  }
  if (!signal.aborted || isBytewireError(error)) {
    return error;
  }
  return new AbortError({ ...request, cause: signal.reason });
}
