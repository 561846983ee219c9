import type { MockContext, Problem } from "../runtime/types.ts";
import type { CumulocityPrincipal } from "./auth.ts";
import { managedObject } from "./managed-object.ts";
import { CUMULOCITY_MEDIA_TYPES, writeResponse } from "./media-types.ts";
import { canAdminister } from "./permissions.ts";
import type { CumulocityStore, StoredBinary } from "./store.ts";

// The runtime hands a JSON body over parsed, so its original bytes are gone; re-serialising keeps the content
// (compact JSON, the common case, comes back byte for byte; insignificant whitespace does not).
function replacementBytes(context: MockContext<CumulocityPrincipal>): Uint8Array | Problem {
  const { body } = context;
  switch (body.kind) {
    case "binary":
      return body.bytes;
    case "json":
      return new TextEncoder().encode(JSON.stringify(body.value));
    case "multipart":
      return {
        status: 400,
        kind: "bad-request",
        message: "A replacement is the raw file, not multipart/form-data (multipart belongs to the upload, POST).",
      };
    case "none":
      return { status: 400, kind: "bad-request", message: "A replacement needs the file as the request body." };
  }
}

/**
 * `PUT /inventory/binaries/{id}`: replaces the bytes and answers `201` with the managed object, whose `length`,
 * `contentType` (the request's `Content-Type`) and `lastUpdated` change while `name`, `type` and fragments stay.
 */
export function replaceBinary(
  store: CumulocityStore,
  binary: StoredBinary,
  context: MockContext<CumulocityPrincipal>,
  clock: () => number,
): Response | Problem {
  const { principal } = context;
  if (!principal || !canAdminister(principal, binary.owner)) {
    return { status: 403, kind: "forbidden", message: "Access is denied" };
  }
  const bytes = replacementBytes(context);
  if (!(bytes instanceof Uint8Array)) {
    return bytes;
  }
  const replaced: StoredBinary = {
    ...binary,
    bytes,
    contentType: context.headers.get("content-type")?.trim() || binary.contentType,
    lastUpdated: new Date(clock()).toISOString(),
  };
  store.put(replaced);
  return writeResponse(managedObject(replaced, context.url.origin), {
    status: 201,
    accept: context.headers.get("accept"),
    vendorType: CUMULOCITY_MEDIA_TYPES.managedObject,
  });
}
