import { AbortError, type ApiName } from "./errors.ts";
import type { Redactor } from "./redact.ts";

/**
 * A copy of `response` whose body errors with bytewire's {@link AbortError} as soon as `signal` aborts, also after the
 * headers arrived. fetch errors a body on abort only when it owns the connection; a custom fetch, a cache or a mock
 * may hand out a body that ignores the signal, and a download must stop all the same. The listener leaves `signal`
 * when the body ends, so a long-lived client signal does not collect one per download.
 */
export function abortableResponse(
  response: Response,
  signal: AbortSignal,
  facts: { api: ApiName; method: string; url: string; redactor: Redactor },
): Response {
  if (response.body === null) {
    return response;
  }
  const reader = response.body.getReader();
  let settled = false;
  let onAbort = (): void => {};
  const settle = (): void => {
    settled = true;
    signal.removeEventListener("abort", onAbort);
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        onAbort = () => {
          settle();
          const error = new AbortError({ ...facts, cause: signal.reason });
          controller.error(error);
          reader.cancel(error).catch(() => {});
        };
        if (signal.aborted) {
          onAbort();
        } else {
          signal.addEventListener("abort", onAbort, { once: true });
        }
      },
      async pull(controller) {
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          result = await reader.read();
        } catch (error) {
          settle();
          throw error;
        }
        if (settled) {
          return;
        }
        if (result.done) {
          settle();
          controller.close();
        } else {
          controller.enqueue(result.value);
        }
      },
      cancel(reason) {
        settle();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  const copy = new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(copy, "url", { value: response.url });
  return copy;
}
