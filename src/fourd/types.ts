import type { components, paths } from "../../generated/schema.ts";

/** The 4D REST paths of the document, as the typed raw client sees them (relative to the server root). */
export type FourDPaths = Pick<
  paths,
  | "/rest/{dataClass}"
  | "/rest/{dataClass}({key})"
  | "/rest/{dataClass}({key})/{attribute}"
  | "/rest/$upload"
  | "/rest/$directory/login"
  | "/rest/$directory/logout"
>;

/** One entity: `__KEY` (a string), `__STAMP` (send it back to update), then its attributes. */
export type FourDEntity = components["schemas"]["FourDEntity"];

/** A page of a dataclass: `__COUNT` (the whole selection), `__FIRST`, `__SENT` and the `__ENTITIES`. */
export type FourDEntityCollection = components["schemas"]["FourDEntityCollection"];

/** An entity as `$method=update` answers it: saved (new `__STAMP`) or with its own `__ERROR`. */
export type FourDSavedEntity = components["schemas"]["FourDSavedEntity"];

/** An entity that `$method=update` saved: its key and its new `__STAMP` are there (no `__ERROR`). */
export type FourDUpdatedEntity = FourDSavedEntity & { __KEY: string; __STAMP: number };

/** 4D's error body: `{ __ERROR: [{ message, componentSignature, errCode }] }`. */
export type FourDErrorBody = components["schemas"]["FourDError"];

/** One item of `__ERROR`; `errCode` is the number to branch on (1263: stale stamp, 1800: no such dataclass...). */
export type FourDErrorItem = components["schemas"]["FourDErrorItem"];

/**
 * A primary key: a number (`User(5)`) or a string (`Company("IT0911AB2200")`); the client adds the double quotes a
 * string key needs in the URL.
 */
export type FourDKey = number | string;

/** One entity of a dataclass. */
export interface FourDEntityRef {
  /** The dataclass, case-sensitive as in the model. @example "User" */
  dataClass: string;
  /** The entity's primary key. @example 5 */
  key: FourDKey;
}

/** A picture or BLOB attribute of one entity. */
export interface FourDAttributeRef extends FourDEntityRef {
  /** The attribute's name, case-sensitive. @example "profilePicture" */
  attribute: string;
}
