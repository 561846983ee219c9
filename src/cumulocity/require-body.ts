import { BytewireError } from "../core/errors.ts";
import { redactUrl } from "../core/redact.ts";
import { requestOf } from "../core/transport.ts";
import type { CumulocityContext } from "./context.ts";
import type { CumulocityBinary } from "./types.ts";

/**
 * Returns the managed object of a 201, or throws when the body is missing: Cumulocity answers an upload or a
 * replacement without `Accept` with an empty body, which happens only when something on the way removed the header.
 *
 * @throws {BytewireError} for a success without a managed object (the file was stored all the same)
 */
export function requireManagedObject(
  context: CumulocityContext,
  data: CumulocityBinary | undefined,
  response: Response,
): CumulocityBinary {
  if (typeof data === "object" && data !== null) {
    return data;
  }
  const origin = requestOf(response);
  const label = origin ? `${origin.method} ${context.core.redactor.redact(redactUrl(origin.url))}` : "request";
  throw new BytewireError(
    `[bytewire] cumulocity ${label}: ${response.status} without the managed object in the body (the file was ` +
      "stored; a proxy may have removed the Accept header, without which Cumulocity answers an empty body)",
  );
}
