function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isUploadShape(body: unknown): body is { object: Record<string, unknown>; filesize?: unknown; file: Blob } {
  return isRecord(body) && !(body instanceof Blob) && isRecord(body["object"]) && body["file"] instanceof Blob;
}

/**
 * The body serializer of the raw client, for the two bodies this API has:
 * - an upload's typed `{ object, filesize?, file }` becomes `FormData` (openapi-fetch then leaves Content-Type to
 *   fetch, which adds the boundary); `object` goes as JSON text, as `@c8y/client` sends it, and `file` under its
 *   `File.name`, else `object.name`;
 * - anything else (a replacement's Blob, bytes, a stream) passes through untouched instead of being JSON-encoded.
 *   Its Content-Type must still be given: openapi-fetch otherwise sends `application/json`.
 *
 * @example
 * await client.raw.POST("/inventory/binaries", { body: { object: { name: "a.txt", type: "text/plain" }, file } });
 */
export function serializeRawBody(body: unknown): unknown {
  if (!isUploadShape(body)) {
    return body;
  }
  const form = new FormData();
  form.append("object", JSON.stringify(body.object));
  if (body.filesize !== undefined) {
    form.append("filesize", String(body.filesize));
  }
  const ownName = (body.file as Partial<File>).name;
  const objectName = body.object["name"];
  const filename =
    typeof ownName === "string" && ownName !== "" ? ownName : typeof objectName === "string" ? objectName : "blob";
  form.append("file", body.file, filename);
  return form;
}
