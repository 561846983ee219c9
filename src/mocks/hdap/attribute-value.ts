import type { components } from "../../../generated/schema.ts";

type Scalar = Exclude<components["schemas"]["HdapScalarValue"], null>;

/**
 * One stored value of an attribute, typed by its syntax: a string (directory string, telephone number, base64
 * binary, DN as an HDAP `_id`, ISO 8601 time), a number, a boolean, a JSON object, or an array of scalars (a postal
 * address).
 */
export type AttributeValue = Scalar | Scalar[];
