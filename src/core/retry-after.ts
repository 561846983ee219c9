/**
 * Reads how long a server asked the client to wait, in milliseconds: `retry-after-ms` (a number of milliseconds,
 * sent by some gateways), else `Retry-After` as delay-seconds or as an HTTP-date (RFC 9110 §10.2.3). A date in the
 * past gives 0. Returns `undefined` when neither header is present or parsable.
 *
 * @example
 * parseRetryAfter(new Headers({ "Retry-After": "2" })); // 2000
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const milliseconds = headers.get("retry-after-ms");
  if (milliseconds !== null && /^\s*\d+(\.\d+)?\s*$/.test(milliseconds)) {
    return Number.parseFloat(milliseconds);
  }
  const value = headers.get("retry-after");
  if (value === null) {
    return undefined;
  }
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) {
    return Number.parseFloat(value) * 1000;
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
