import { isJsonMediaType } from "../document/validator.ts";
import { MultipartError, multipartBoundary, parseMultipart } from "./multipart.ts";
import type { ParsedBody, Problem } from "./types.ts";

async function readLimited(request: Request, limit: number): Promise<Uint8Array | "too-large"> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > limit) {
    return "too-large";
  }
  if (!request.body) {
    return new Uint8Array();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return "too-large";
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Reads and decodes a request body as its Content-Type says, refusing bodies over `limit` bytes. */
export async function parseBody(
  request: Request,
  limit: number,
  tooLargeStatus: number,
): Promise<ParsedBody | Problem> {
  const bytes = await readLimited(request, limit);
  if (bytes === "too-large") {
    return {
      status: tooLargeStatus,
      kind: "payload-too-large",
      message: `The request body is larger than the limit of ${limit} bytes.`,
    };
  }
  const contentType = request.headers.get("content-type") ?? undefined;
  if (bytes.byteLength === 0 && (contentType === undefined || isJsonMediaType(contentType))) {
    return { kind: "none" };
  }
  if (contentType !== undefined && isJsonMediaType(contentType)) {
    try {
      return { kind: "json", value: JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)), bytes };
    } catch {
      return { status: 400, kind: "bad-request", message: "The request body is not valid JSON." };
    }
  }
  if (contentType?.toLowerCase().startsWith("multipart/form-data")) {
    const boundary = multipartBoundary(contentType);
    if (!boundary) {
      return { status: 400, kind: "bad-request", message: "multipart/form-data needs a boundary parameter." };
    }
    try {
      return { kind: "multipart", parts: parseMultipart(bytes, boundary) };
    } catch (error) {
      const reason = error instanceof MultipartError ? error.message : "it cannot be parsed";
      return { status: 400, kind: "bad-request", message: `The multipart body is malformed: ${reason}.` };
    }
  }
  return { kind: "binary", bytes, contentType };
}
