import { describeValue } from "../binary/describe-value.ts";
import { InvalidInputError } from "../binary/invalid-input-error.ts";
import { commaList, type HdapCallOptions, type HdapCore, requestInit, withoutUndefined } from "./call-options.ts";
import { entryPath, type HdapEntryRef } from "./entry-ref.ts";
import type { HdapEntry, HdapEntryWrite, HdapPatchOperation } from "./types.ts";

/** Options of `read`. */
export interface HdapReadOptions extends HdapCallOptions {
  /** Attributes to return (`_fields`), e.g. `["cn", "photo"]`; none or `[]` returns every user attribute. */
  fields?: readonly string[] | undefined;
}

/** Options of the calls that change an entry. */
export interface HdapWriteOptions extends HdapCallOptions {
  /** Attributes the answer shows (`_fields`). @default every user attribute */
  fields?: readonly string[] | undefined;
  /** `dryRun=true`: the server checks the change and answers as if made, without writing. @default false */
  dryRun?: boolean | undefined;
}

/** Options of `update`, `patch` and `delete`. */
export interface HdapConditionalOptions extends HdapWriteOptions {
  /**
   * `If-Match`: change the entry only while its `_rev` is this one (`412` otherwise); `"*"` only requires that it
   * exists (an `update` then never creates).
   */
  ifMatch?: string | undefined;
}

/** Options of `delete`. */
export interface HdapDeleteOptions extends HdapConditionalOptions {
  /** `subtreeDelete=true`: delete the entry and everything below it. @default false */
  subtreeDelete?: boolean | undefined;
}

/** The entry in a 2xx answer, checked to be one (a read answers a query envelope when the server misreads it). */
export function asEntry(data: unknown): HdapEntry {
  if (typeof data !== "object" || data === null || typeof Reflect.get(data, "_id") !== "string") {
    throw new InvalidInputError(
      "INVALID_RESPONSE",
      `The HDAP answer should be an entry with an _id; it is ${describeValue(data)} without one.`,
    );
  }
  return data as HdapEntry;
}

function writeQuery(options: HdapWriteOptions) {
  return withoutUndefined({ _fields: commaList(options.fields), dryRun: options.dryRun });
}

function ifMatchHeader(options: HdapConditionalOptions) {
  return withoutUndefined({ "If-Match": options.ifMatch });
}

/** `GET /hdap/{dnPath}` with `_fields`: the entry. */
export async function readEntry(core: HdapCore, ref: HdapEntryRef, options: HdapReadOptions = {}): Promise<HdapEntry> {
  const result = await core.raw.GET("/hdap/{dnPath}", {
    params: { path: { dnPath: entryPath(ref) }, query: withoutUndefined({ _fields: commaList(options.fields) }) },
    ...requestInit(core, options),
  });
  return asEntry(core.expectData(result));
}

/** `POST {parent}?_action=create`: the created entry. */
export async function createEntry(
  core: HdapCore,
  parent: HdapEntryRef,
  entry: HdapEntryWrite,
  options: HdapWriteOptions = {},
): Promise<HdapEntry> {
  const result = await core.raw.POST("/hdap/{dnPath}", {
    params: { path: { dnPath: entryPath(parent) }, query: { _action: "create", ...writeQuery(options) } },
    body: entry,
    ...requestInit(core, options),
  });
  return asEntry(core.expectData(result));
}

/** `PUT /hdap/{dnPath}`, retried like any idempotent request since its JSON body can be sent again. */
export async function updateEntry(
  core: HdapCore,
  ref: HdapEntryRef,
  changes: HdapEntryWrite,
  options: HdapConditionalOptions = {},
): Promise<HdapEntry> {
  const dnPath = entryPath(ref);
  const init = requestInit(core, options);
  const result = await core.withRetries(
    () =>
      core.raw.PUT("/hdap/{dnPath}", {
        params: { path: { dnPath }, query: writeQuery(options), header: ifMatchHeader(options) },
        body: changes,
        ...init,
      }),
    { method: "PUT", signal: options.signal },
  );
  return asEntry(core.expectData(result));
}

/** `PATCH /hdap/{dnPath}`: the entry after the operations. */
export async function patchEntry(
  core: HdapCore,
  ref: HdapEntryRef,
  operations: readonly HdapPatchOperation[],
  options: HdapConditionalOptions = {},
): Promise<HdapEntry> {
  const result = await core.raw.PATCH("/hdap/{dnPath}", {
    params: { path: { dnPath: entryPath(ref) }, query: writeQuery(options), header: ifMatchHeader(options) },
    body: [...operations],
    ...requestInit(core, options),
  });
  return asEntry(core.expectData(result));
}

/** `DELETE /hdap/{dnPath}`: the entry as it was. */
export async function deleteEntry(
  core: HdapCore,
  ref: HdapEntryRef,
  options: HdapDeleteOptions = {},
): Promise<HdapEntry> {
  const result = await core.raw.DELETE("/hdap/{dnPath}", {
    params: {
      path: { dnPath: entryPath(ref) },
      query: { ...writeQuery(options), ...withoutUndefined({ subtreeDelete: options.subtreeDelete }) },
      header: ifMatchHeader(options),
    },
    ...requestInit(core, options),
  });
  return asEntry(core.expectData(result));
}
