import { decodeBase64 } from "../binary/base64.ts";
import { InvalidInputError } from "../binary/invalid-input-error.ts";
import { prepareUpload } from "../binary/prepare-upload.ts";
import type { ProgressCallback } from "../binary/progress.ts";
import type { UploadInput } from "../binary/upload-input.ts";
import { AbortError, isBytewireError } from "../core/errors.ts";
import { base64JsonBody } from "./base64-json-body.ts";
import { commaList, type HdapCallOptions, type HdapCore, requestInit, withoutUndefined } from "./call-options.ts";
import { asEntry } from "./entries.ts";
import { entryPath, type HdapEntryRef } from "./entry-ref.ts";
import type { HdapEntry } from "./types.ts";

/** Options of `readBinary`. */
export interface HdapReadBinaryOptions extends HdapCallOptions {
  /** Which value of a multi-valued attribute. HDAP keeps values as a set, so the order is the server's. @default 0 */
  index?: number | undefined;
}

/** Options of `writeBinary`. */
export interface HdapWriteBinaryOptions extends HdapCallOptions {
  /** `If-Match`: write only while the entry's `_rev` is this one (`412` otherwise). */
  ifMatch?: string | undefined;
  /**
   * Add the value to the attribute's values (`PATCH` `add`) instead of replacing them all (`PUT`, as Ping's binary
   * example does). @default false
   */
  append?: boolean | undefined;
  /**
   * Most bytes read from the input; more throws `InvalidInputError` `TOO_LARGE` before anything is sent.
   * @default the client's `maxBinaryBytes`
   */
  maxBytes?: number | undefined;
  /**
   * Attributes the answer shows (`_fields`). The default asks for Common REST's `_id` and `_rev` only, so the value
   * just sent is not echoed back (the mock answers exactly these; that DS does is assumed from Common REST).
   * @default ["_id", "_rev"]
   */
  fields?: readonly string[] | undefined;
  /** Progress of sending the JSON body; its size is the base64 text's, about 4/3 of the input's. */
  onUploadProgress?: ProgressCallback | undefined;
}

// An LDAP attribute description (RFC 4512 §2.5): a name or OID, then `;option`s such as `;binary`.
const ATTRIBUTE_DESCRIPTION = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)*)(?:;[A-Za-z0-9-]+)*$/;

function checkAttribute(attribute: string): string {
  if (typeof attribute !== "string" || !ATTRIBUTE_DESCRIPTION.test(attribute)) {
    throw new InvalidInputError(
      "INVALID_ATTRIBUTE",
      "The attribute must be an LDAP attribute name such as photo, jpegPhoto or userCertificate.",
    );
  }
  return attribute;
}

function base64Values(entry: HdapEntry, attribute: string): string[] {
  const key = Object.keys(entry).find((name) => name.toLowerCase() === attribute.toLowerCase());
  const value: unknown = key === undefined ? undefined : entry[key];
  if (value === undefined || value === null) {
    return [];
  }
  const values: unknown[] = Array.isArray(value) ? value : [value];
  return values.map((item, index) => {
    if (typeof item !== "string") {
      throw new InvalidInputError(
        "INVALID_BASE64",
        `Value ${index} of ${attribute} in the HDAP answer is not a base64 string, so it is not a binary attribute.`,
      );
    }
    return item;
  });
}

/** `GET {entry}?_fields={attribute}`: the attribute's values as the server sent them (base64 text). */
async function readBase64Values(
  core: HdapCore,
  ref: HdapEntryRef,
  attribute: string,
  options: HdapCallOptions,
): Promise<string[]> {
  const result = await core.raw.GET("/hdap/{dnPath}", {
    params: { path: { dnPath: entryPath(ref) }, query: { _fields: checkAttribute(attribute) } },
    ...requestInit(core, options),
  });
  return base64Values(asEntry(core.expectData(result)), attribute);
}

/** Every value of a binary attribute, decoded; invalid base64 throws `INVALID_BASE64` rather than corrupt bytes. */
export async function readBinaryValues(
  core: HdapCore,
  ref: HdapEntryRef,
  attribute: string,
  options: HdapCallOptions = {},
): Promise<Uint8Array<ArrayBuffer>[]> {
  return (await readBase64Values(core, ref, attribute, options)).map((text) => decodeBase64(text));
}

/** One value of a binary attribute, decoded, or `undefined` when the entry has no value at that index. */
export async function readBinaryValue(
  core: HdapCore,
  ref: HdapEntryRef,
  attribute: string,
  options: HdapReadBinaryOptions = {},
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const index = options.index ?? 0;
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new InvalidInputError("INVALID_INDEX", `The value index must be a non-negative integer; got ${index}.`);
  }
  const text = (await readBase64Values(core, ref, attribute, options))[index];
  return text === undefined ? undefined : decodeBase64(text);
}

/** Reads the input, turning the caller's abort into the AbortError every other call throws. */
async function readInput<T>(
  core: HdapCore,
  method: string,
  signal: AbortSignal | undefined,
  read: () => Promise<T>,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (signal?.aborted && !isBytewireError(error)) {
      throw new AbortError({ api: "hdap", method, redactor: core.redactor, cause: signal.reason });
    }
    throw error;
  }
}

/**
 * Writes a binary attribute from any upload input: `PUT {"<attribute>": "<base64>"}` (replace) or a `PATCH` `add`
 * (append). HDAP carries binaries as base64 inside JSON, so the input is read whole (up to `maxBytes`) and encoded
 * before sending; the JSON body is a Blob, so a `PUT` is retried and replayed after a `401` like any JSON request.
 */
export async function writeBinaryValue(
  core: HdapCore,
  ref: HdapEntryRef,
  attribute: string,
  input: UploadInput,
  maxBytes: number,
  options: HdapWriteBinaryOptions = {},
): Promise<HdapEntry> {
  const name = checkAttribute(attribute);
  const dnPath = entryPath(ref);
  const limit = options.maxBytes ?? maxBytes;
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new InvalidInputError("INVALID_LIMIT", `maxBytes must be a non-negative integer; got ${limit}.`);
  }
  const frame = options.append
    ? { before: `[{"operation":"add","field":${JSON.stringify(`/${name}`)},"value":`, after: "}]" }
    : { before: `{${JSON.stringify(name)}:`, after: "}" };
  const json = await readInput(core, options.append ? "PATCH" : "PUT", options.signal, () =>
    base64JsonBody(input, frame, limit, options.signal),
  );
  const init = requestInit(core, options);
  const prepared = prepareUpload(
    { body: json, size: json.size, type: json.type, name: undefined, replayable: true },
    {
      onUploadProgress: options.onUploadProgress,
      timeout: options.timeout,
      transportWith: (overrides) => core.transportWith(overrides),
    },
  );
  const params = {
    path: { dnPath },
    query: { _fields: commaList(options.fields) ?? "_id,_rev" },
    header: withoutUndefined({ "If-Match": options.ifMatch }),
  };
  // openapi-fetch only calls bodySerializer for a defined body; the empty typed body stands for the prepared JSON,
  // which is sent as it is (a Blob, or a counting stream when progress is asked for outside browsers).
  const body = () => prepared.body();
  const sendOptions = {
    ...init,
    headers: { ...init.headers, "Content-Type": "application/json" },
    ...(prepared.fetch === undefined ? {} : { fetch: prepared.fetch }),
    duplex: "half",
  };
  if (options.append) {
    const result = await core.raw.PATCH("/hdap/{dnPath}", { params, body: [], bodySerializer: body, ...sendOptions });
    return asEntry(core.expectData(result));
  }
  const result = await core.withRetries(
    () => core.raw.PUT("/hdap/{dnPath}", { params, body: {}, bodySerializer: body, ...sendOptions }),
    { method: "PUT", streamingBody: !prepared.replayable, signal: options.signal },
  );
  return asEntry(core.expectData(result));
}
