import type { Problem } from "./types.ts";

// RFC 3986 §2.1: `%` starts an escape of exactly two hex digits.
const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/;
// RFC 9110 §7.2: Host = uri-host [ ":" port ], uri-host = IP-literal / IPv4address / reg-name (RFC 3986 §3.2.2).
const HOST =
  /^(?:\[[0-9A-Fa-f:.]+\]|\[v[0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]*)(?::\d*)?$/;

/** True when every `%` escape of a path or query is two hex digits and the escapes of a path decode as UTF-8. */
function escapesAreValid(text: string, utf8: boolean): boolean {
  if (BAD_ESCAPE.test(text)) {
    return false;
  }
  if (!utf8) {
    return true;
  }
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/** True when a `Host` header value is a host and optional port as RFC 9110 defines it. */
export function isValidHost(host: string): boolean {
  if (!HOST.test(host)) {
    return false;
  }
  try {
    new URL(`http://${host}/`);
    return true;
  } catch {
    return false;
  }
}

/**
 * What is wrong with a request's target before it can be routed: a malformed percent-escape in its path or query
 * (`/inventory/binaries/%ZZ`) or a `Host` header that is no host (`[`). Both are the client's error, a `400`.
 */
export function requestTargetProblem(request: Request, url: URL): Problem | undefined {
  if (!escapesAreValid(url.pathname, true)) {
    return {
      status: 400,
      kind: "bad-request",
      message: "The request path has a malformed percent-escape (RFC 3986 §2.1) or escapes that are not UTF-8.",
    };
  }
  if (!escapesAreValid(url.search, false)) {
    return { status: 400, kind: "bad-request", message: "The query has a malformed percent-escape (RFC 3986 §2.1)." };
  }
  const host = request.headers.get("host");
  if (host !== null && !isValidHost(host)) {
    return { status: 400, kind: "bad-request", message: "The Host header is not a host and port (RFC 9110 §7.2)." };
  }
  return undefined;
}
