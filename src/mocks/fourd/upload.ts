import type { components } from "../../../generated/schema.ts";
import type { MockContext, Problem } from "../runtime/types.ts";
import type { FourDPrincipal } from "./auth.ts";
import { badRequest } from "./errors.ts";
import { DEFAULT_UPLOAD_TIMEOUT_SECONDS, type UploadTable } from "./uploads.ts";

type FourDUploadRef = components["schemas"]["FourDUploadRef"];

/**
 * `POST /rest/$upload`: keeps the raw body for `$timeout` seconds (120 by default) and answers its ID. Exactly one of
 * `$rawPict=true` (a picture) and `$binary=true` (any file) must be sent; whether the bytes are really a picture is
 * checked when the ID is assigned to a picture attribute, where 4D converts it.
 */
export function uploadFile(uploads: UploadTable, context: MockContext<FourDPrincipal>): Response | Problem {
  const { query, body } = context;
  const rawPict = query.get("$rawPict") === "true";
  const binary = query.get("$binary") === "true";
  if (rawPict === binary) {
    return badRequest("Send $rawPict=true for a picture or $binary=true for any other file (one of them)");
  }
  if (body.kind !== "binary" || body.bytes.byteLength === 0) {
    return badRequest("The upload has no file: send the file's bytes as the request body");
  }
  const timeout = Number(query.get("$timeout") ?? DEFAULT_UPLOAD_TIMEOUT_SECONDS);
  const upload = uploads.add(
    {
      bytes: body.bytes,
      contentType: body.contentType?.split(";")[0]?.trim().toLowerCase() || undefined,
      sentAs: rawPict ? "picture" : "binary",
      expiresAt: context.now() + timeout * 1000,
    },
    context.now(),
  );
  const answer: FourDUploadRef = { ID: upload.id };
  return Response.json(answer);
}
