import { formatContentDisposition } from "../../binary/content-disposition.ts";
import type { MockContext, Problem } from "../runtime/types.ts";
import type { CumulocityPrincipal } from "./auth.ts";
import { parseByteRange } from "./byte-range.ts";
import { canRead } from "./permissions.ts";
import type { StoredBinary } from "./store.ts";

/**
 * `GET /inventory/binaries/{id}`: the stored bytes under the binary's `contentType`, as an attachment named after
 * the binary. A single `Range` gets `206` with `Content-Range`, a range past the end `416` with `bytes *\/<size>`;
 * with `If-Range`, which no validator of this API can match, the whole file.
 */
export function downloadBinary(binary: StoredBinary, context: MockContext<CumulocityPrincipal>): Response | Problem {
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
