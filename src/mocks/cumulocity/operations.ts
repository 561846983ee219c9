import { formatContentDisposition } from "../../binary/content-disposition.ts";
import type { MockContext, MultipartValue, OperationImplementation, Problem } from "../runtime/types.ts";
import { type CumulocityPrincipal, canAdminister, canCreate, canRead } from "./auth.ts";
import { listBinaries } from "./list-binaries.ts";
import { CUMULOCITY_MEDIA_TYPES, writeResponse } from "./responses.ts";
import { binaryUrl, type CumulocityStore, MANAGED_PROPERTIES, managedObject, type StoredBinary } from "./store.ts";

/*
 * The binaries operations by operationId: upload (multipart), download (with `Range`), replace (raw `PUT`) and
 * delete; the list is in list-binaries.ts.
 */

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
function uploadBinary(
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

/** What a `Range` header asks of a file of a given size. */
type ByteRangeRequest =
  /** No usable single range: no header, another unit, a malformed or a multi-range header. Answer the whole file. */
  | { kind: "whole" }
  /** One satisfiable range, both ends inclusive and inside the file. */
  | { kind: "range"; first: number; last: number }
  /** A well-formed range that selects nothing of this file: `416`. */
  | { kind: "unsatisfiable" };

const SINGLE_RANGE = /^bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i;

/**
 * Reads a `Range` header for a file of `size` bytes (RFC 9110 §14.1.2): `bytes=a-b` (the end is clamped to the
 * file), `bytes=a-` and `bytes=-n` (the last n bytes, or the whole file when n exceeds it). Several ranges get the
 * whole file, which RFC 9110 allows and the document describes; a malformed header is ignored, as RFC 9110 asks.
 */
function parseByteRange(header: string | null, size: number): ByteRangeRequest {
  const match = header === null ? null : SINGLE_RANGE.exec(header);
  if (!match) {
    return { kind: "whole" };
  }
  const [, start = "", end = ""] = match;
  if (start === "" && end === "") {
    return { kind: "whole" };
  }
  if (start === "") {
    const count = Number(end);
    return count === 0 || size === 0
      ? { kind: "unsatisfiable" }
      : { kind: "range", first: Math.max(0, size - count), last: size - 1 };
  }
  const first = Number(start);
  if (end !== "" && Number(end) < first) {
    return { kind: "whole" };
  }
  if (first >= size) {
    return { kind: "unsatisfiable" };
  }
  return { kind: "range", first, last: end === "" ? size - 1 : Math.min(Number(end), size - 1) };
}

/**
 * `GET /inventory/binaries/{id}`: the stored bytes under the binary's `contentType`, as an attachment named after
 * the binary. A single `Range` gets `206` with `Content-Range`, a range past the end `416` with `bytes *\/<size>`;
 * with `If-Range`, which no validator of this API can match, the whole file.
 */
function downloadBinary(binary: StoredBinary, context: MockContext<CumulocityPrincipal>): Response | Problem {
  const { principal } = context;
  if (!principal || !canRead(principal, binary.owner)) {
    return { status: 403, kind: "forbidden", message: "Access is denied" };
  }
  const size = binary.bytes.byteLength;
  const rangeHeader = context.headers.get("range");
  // Downloads carry no ETag or Last-Modified, so no If-Range validator can match: the whole file (RFC 9110 §13.1.5).
  const range = context.headers.has("if-range") ? ({ kind: "whole" } as const) : parseByteRange(rangeHeader, size);
  if (range.kind === "unsatisfiable") {
    return {
      status: 416,
      kind: "range-not-satisfiable",
      message: `The range ${rangeHeader ?? ""} is outside the file of ${size} bytes.`,
      headers: { "content-range": `bytes */${size}` },
    };
  }
  const headers: Record<string, string> = {
    "content-type": binary.contentType,
    "content-disposition": formatContentDisposition({ filename: binary.name }),
    "accept-ranges": "bytes",
  };
  if (range.kind === "whole") {
    headers["content-length"] = String(size);
    return new Response(binary.bytes.slice(), { status: 200, headers });
  }
  headers["content-range"] = `bytes ${range.first}-${range.last}/${size}`;
  headers["content-length"] = String(range.last - range.first + 1);
  return new Response(binary.bytes.slice(range.first, range.last + 1), { status: 206, headers });
}

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
function replaceBinary(
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

type Context = MockContext<CumulocityPrincipal>;

// The wording of a real inventory for an unknown managed object.
function notFound(id: string): Problem {
  return {
    status: 404,
    kind: "not-found",
    message: `Finding device data from database failed : No managedObject for id '${id}'!`,
  };
}

/**
 * The implementations of the Cumulocity binaries operations, keyed by operationId; `clock` dates uploads and
 * replacements. An unknown ID is `404` before any permission check, as the inventory looks the object up first.
 */
export function cumulocityOperations(
  store: CumulocityStore,
  clock: () => number,
): Record<string, OperationImplementation<CumulocityPrincipal>> {
  const find = (context: Context): StoredBinary | Problem => {
    const { id = "" } = context.params;
    return store.get(id) ?? notFound(id);
  };

  return {
    cumulocityListBinaries: (context) => listBinaries(store, context),

    cumulocityUploadBinary: (context) => uploadBinary(store, context, clock),

    cumulocityDownloadBinary(context) {
      const binary = find(context);
      return "kind" in binary ? binary : downloadBinary(binary, context);
    },

    cumulocityReplaceBinary(context) {
      const binary = find(context);
      return "kind" in binary ? binary : replaceBinary(store, binary, context, clock);
    },

    cumulocityDeleteBinary(context) {
      const binary = find(context);
      if ("kind" in binary) {
        return binary;
      }
      if (!context.principal || !canAdminister(context.principal, binary.owner)) {
        return { status: 403, kind: "forbidden", message: "Access is denied" };
      }
      store.delete(binary.id);
      return new Response(null, { status: 204 });
    },
  };
}
