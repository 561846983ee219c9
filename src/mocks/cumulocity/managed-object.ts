import type { components } from "../../../generated/schema.ts";
import type { StoredBinary } from "./store.ts";

type CumulocityBinary = components["schemas"]["CumulocityBinary"];

/** Properties the server manages; an upload's `object` part cannot set them, they are not custom fragments. */
export const MANAGED_PROPERTIES: ReadonlySet<string> = new Set([
  "id",
  "self",
  "name",
  "type",
  "contentType",
  "length",
  "owner",
  "creationTime",
  "lastUpdated",
  "c8y_IsBinary",
  "_attachments",
]);

/** The URL of a binary on the request's origin: its `self`, and the upload's `Location`. */
export function binaryUrl(origin: string, id: string): string {
  return `${origin}/inventory/binaries/${id}`;
}

/** The managed object that describes a stored file, as the API answers it. */
export function managedObject(binary: StoredBinary, origin: string): CumulocityBinary {
  return {
    id: binary.id,
    self: binaryUrl(origin, binary.id),
    name: binary.name,
    type: binary.type,
    contentType: binary.contentType,
    length: binary.bytes.byteLength,
    owner: binary.owner,
    creationTime: binary.creationTime,
    lastUpdated: binary.lastUpdated,
    c8y_IsBinary: {},
    ...binary.fragments,
  };
}
