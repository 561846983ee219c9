/** The keywords of a JSON Schema that say whether a string is raw bytes. */
export interface StringSchemaKeywords {
  type?: unknown;
  format?: unknown;
  contentMediaType?: unknown;
  contentEncoding?: unknown;
}

/**
 * Raw bytes: a string schema with `format: binary`, or with a `contentMediaType` and no `contentEncoding`. Base64
 * text (`contentEncoding: base64`) is not: it travels as JSON. The generated types map raw bytes to `Blob`, and the
 * docs show them as files.
 */
export function isRawBinarySchema(schema: StringSchemaKeywords): boolean {
  if (schema.type !== "string") {
    return false;
  }
  return (
    schema.format === "binary" || (typeof schema.contentMediaType === "string" && schema.contentEncoding === undefined)
  );
}
