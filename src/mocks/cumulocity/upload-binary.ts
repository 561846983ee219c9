import type { MockContext, MultipartValue, Problem } from "../runtime/types.ts";
import type { CumulocityPrincipal } from "./auth.ts";
import { binaryUrl, MANAGED_PROPERTIES, managedObject } from "./managed-object.ts";
import { CUMULOCITY_MEDIA_TYPES, writeResponse } from "./media-types.ts";
import { canCreate } from "./permissions.ts";
import type { CumulocityStore } from "./store.ts";

const FORBIDDEN: Problem = { status: 403, kind: "forbidden", message: "Access is denied" };

function invalid(message: string): Problem {
  return { status: 400, kind: "bad-request", message };
}

// The old guide asks for a file part whose type matches the file. A part without one is stored as
// application/octet-stream (assumption): `object.type` is the managed object's type, which clients often set to
// something else (`@c8y/client` sends `c8y_upload`), and it must never become a download's Content-Type.
function storedContentType(file: MultipartValue): string {
  return file.contentType?.trim() || "application/octet-stream";
}

function parseObjectPart(text: string): (Record<string, unknown> & { name: string; type: string }) | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return undefined;
    }
    const object = value as Record<string, unknown>;
    const { name, type } = object;
    return typeof name === "string" && name !== "" && typeof type === "string" && type !== ""
      ? { ...object, name, type }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `POST /inventory/binaries`: stores the `file` part and answers `201` with the new managed object (`name`, `type`
 * and custom fragments from `object`, the caller as `owner`) and its URL in `Location`; the body is empty when the
 * request has no `Accept` header, as Cumulocity documents. The dispatcher has checked
 * the parts against the document (`object` a JSON object with `name` and `type`, `file` present, `filesize` an
 * integer); this checks the legacy `filesize` against the file.
 */
export function uploadBinary(
  store: CumulocityStore,
  context: MockContext<CumulocityPrincipal>,
  clock: () => number,
): Response | Problem {
  const { principal, body, url } = context;
  if (!principal || !canCreate(principal)) {
    return FORBIDDEN;
  }
  if (body.kind !== "multipart") {
    return invalid("The upload must be multipart/form-data with the parts object and file.");
  }
  const objectPart = body.parts.get("object");
  const file = body.parts.get("file");
  if (!objectPart || !file) {
    return invalid(
      `The multipart body must have the parts object and file; ${objectPart ? "file" : "object"} is missing.`,
    );
  }
  const object = parseObjectPart(objectPart.text);
  if (!object) {
    return invalid("Following mandatory fields should be included: name,type");
  }
  const filesize = body.parts.get("filesize");
  if (filesize && Number(filesize.text.trim()) !== file.bytes.byteLength) {
    return invalid(
      `The filesize part says ${filesize.text.trim()} bytes, but the file part has ${file.bytes.byteLength} bytes.`,
    );
  }
  const now = new Date(clock()).toISOString();
  const fragments = Object.fromEntries(Object.entries(object).filter(([key]) => !MANAGED_PROPERTIES.has(key)));
  const binary = {
    id: store.nextId(),
    name: object.name,
    type: object.type,
    contentType: storedContentType(file),
    bytes: file.bytes,
    owner: principal.user,
    creationTime: now,
    lastUpdated: now,
    fragments,
  };
  store.put(binary);
  return writeResponse(managedObject(binary, url.origin), {
    status: 201,
    accept: context.headers.get("accept"),
    vendorType: CUMULOCITY_MEDIA_TYPES.managedObject,
    headers: { location: binaryUrl(url.origin, binary.id) },
  });
}
