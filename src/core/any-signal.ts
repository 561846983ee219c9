/**
 * One signal that aborts when any of the given signals aborts, with that signal's reason. Uses `AbortSignal.any`
 * (Node 20.3+, Chromium 116+, Firefox 124+, Safari 17.4+) and a listener-based fallback elsewhere; in the fallback
 * the listeners stay on the inputs until one of them aborts, which is why long-lived inputs should be rare.
 */
export function anySignal(signals: readonly (AbortSignal | undefined)[]): AbortSignal {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (present.length === 1 && present[0] !== undefined) {
    return present[0];
  }
  if (typeof AbortSignal.any === "function") {
    return AbortSignal.any(present);
  }
  const controller = new AbortController();
  for (const signal of present) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      return controller.signal;
    }
  }
  for (const signal of present) {
    signal.addEventListener("abort", () => controller.abort(signal.reason), {
      once: true,
      signal: controller.signal,
    });
  }
  return controller.signal;
}
