/** What an attribute holds: a scalar, or a picture or BLOB that 4D never inlines in JSON. */
export type FourDAttributeKind = "string" | "number" | "boolean" | "picture" | "blob";

/** The bytes of a picture or BLOB attribute and the media type they are served with. */
export interface FourDFile {
  bytes: Uint8Array;
  /** `image/png`, `image/jpeg`, `image/gif` or `image/tiff` for a picture; any declared download type for a BLOB. */
  mediaType: string;
}

/** A stored attribute value. */
export type StoredValue = string | number | boolean | null | FourDFile;

/** A dataclass as the mock knows it: its name, its numeric primary key and its attributes (the key included). */
export interface DataClassModel {
  name: string;
  /** Name of the primary key attribute, a number that creation auto-increments. */
  keyAttribute: string;
  /** Every attribute by name, in the order entities list them. */
  attributes: ReadonlyMap<string, FourDAttributeKind>;
}

/** One stored entity. */
export interface StoredEntity {
  key: number;
  /** 4D's internal stamp: 1 for a new entity, one more at every save. */
  stamp: number;
  /** When it was last saved, ISO 8601. */
  timestamp: string;
  /** 4D's record number (position in the table, from 0), which its save errors name. */
  record: number;
  /** Values by attribute name; every attribute of the model is present. */
  values: Map<string, StoredValue>;
}

/** True for a picture or BLOB value. */
export function isFile(value: StoredValue | undefined): value is FourDFile {
  return typeof value === "object" && value !== null;
}

/** True for the kinds 4D sends deferred and downloads with `$binary`/`$imageformat`. */
export function isBinaryKind(kind: FourDAttributeKind | undefined): kind is "picture" | "blob" {
  return kind === "picture" || kind === "blob";
}
