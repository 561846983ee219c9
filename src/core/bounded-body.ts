/**
 * How many bytes of an error body bytewire reads at most: enough for any API's JSON error, while a failed
 * 1 GiB download is not buffered.
 */
export const MAX_ERROR_BODY_BYTES: number = 64 * 1024;

/**
 * Wraps a body so that it yields at most `maxBytes` bytes, then cancels the source (which closes the connection
 * instead of draining it).
 */
export function limitStream(source: ReadableStream<Uint8Array>, maxBytes: number): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let remaining = maxBytes;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (remaining <= 0) {
        controller.close();
        await reader.cancel().catch(() => undefined);
        return;
      }
      const { done, value } = await reader.read();
      if (done) {
        controller.close();
        return;
      }
      const chunk = value.byteLength > remaining ? value.subarray(0, remaining) : value;
      remaining -= chunk.byteLength;
      controller.enqueue(chunk);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/** Statuses whose responses cannot carry a body (the Response constructor throws for them). */
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

/**
 * Returns the response unchanged when it is a success or has no body, otherwise a copy (same status, status text,
 * headers and `url`) whose body stops after `maxBytes`. openapi-fetch reads every non-2xx body whole with `text()`,
 * even with `parseAs: "stream"`, so this is what keeps a failed large download from being buffered.
 */
export function limitErrorBody(response: Response, maxBytes: number = MAX_ERROR_BODY_BYTES): Response {
  if (response.ok || response.body === null || NULL_BODY_STATUSES.has(response.status)) {
    return response;
  }
  const limited = new Response(limitStream(response.body, maxBytes), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  if (response.url !== "") {
    Object.defineProperty(limited, "url", { value: response.url });
  }
  return limited;
}

/**
 * Reads at most `maxBytes` of a body as UTF-8 text and cancels the rest. `truncated` tells whether bytes were
 * left unread.
 */
export async function readBoundedText(
  response: Response,
  maxBytes: number = MAX_ERROR_BODY_BYTES,
): Promise<{ text: string; truncated: boolean }> {
  if (response.body === null || response.bodyUsed) {
    return { text: "", truncated: false };
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let received = 0;
  try {
    while (received < maxBytes) {
      const { done, value } = await reader.read();
      if (done) {
        return { text: text + decoder.decode(), truncated: false };
      }
      if (value.byteLength > maxBytes - received) {
        return { text: text + decoder.decode(value.subarray(0, maxBytes - received)), truncated: true };
      }
      received += value.byteLength;
      text += decoder.decode(value, { stream: true });
    }
    const { done } = await reader.read();
    return { text: text + decoder.decode(), truncated: !done };
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
