import { withAbortSignal } from "../binary/readable-stream.ts";
import { AbortError, type ApiName } from "./errors.ts";
import type { Redactor } from "./redact.ts";

/**
 * A copy of `response` whose body errors with bytewire's {@link AbortError} as soon as `signal` aborts, also after the
 * headers arrived. fetch errors a body on abort only when it owns the connection; a custom fetch, a cache or a mock
 * may hand out a body that ignores the signal, and a download must stop all the same.
 */
export function abortableResponse(
  response: Response,
  signal: AbortSignal,
  facts: { api: ApiName; method: string; url: string; redactor: Redactor },
): Response {
  if (response.body === null) {
    return response;
  }
  const body = withAbortSignal(response.body, signal, (reason) => new AbortError({ ...facts, cause: reason }));
  const copy = new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(copy, "url", { value: response.url });
  return copy;
}
