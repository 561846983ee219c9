import type { components } from "../../../generated/schema.ts";

/*
 * The part of the LDAP schema the mock knows: attribute types and their syntaxes, the JSON values they hold, the
 * normalisation their matching rules use, and the attributes object classes require.
 */

/**
 * How an attribute's values travel in JSON and compare, after its LDAP syntax: `string` (directory and IA5 strings,
 * case-insensitive), `telephone` (spaces and hyphens ignored), `integer`, `boolean`, `binary` (base64), `dn` (HDAP
 * `_id`s), `password` (never answered), `time` (ISO 8601) and `any` (an attribute the table does not know).
 */
export type AttributeSyntax =
  | "string"
  | "telephone"
  | "integer"
  | "boolean"
  | "binary"
  | "dn"
  | "password"
  | "time"
  | "any";

/** What the mock knows about one attribute type. */
export interface AttributeType {
  /** The name answers use. */
  name: string;
  /** The key the entry stores it under: the lower-cased name, aliases folded into it. */
  key: string;
  syntax: AttributeSyntax;
  singleValued: boolean;
  /** Operational attributes appear in reads only when named in `_fields` (or with `_fields=+`). */
  operational: boolean;
  /** False for attributes the server maintains (`createTimestamp`, `entryUUID`, ...). */
  userModifiable: boolean;
}

type Definition = [names: string, syntax: AttributeSyntax, flags?: "single" | "operational" | "server"];

// A small slice of the inetOrgPerson/posixAccount schema (RFC 4519, 2798, 2307) and of DS's operational attributes.
// Multi-valued unless marked; consistent with the document's HdapEntry (arrays for cn, sn, uid, mail, manager, photo,
// ...) and its bjensen example (scalars for gidNumber, uidNumber, homeDirectory, classOfService). `|` separates
// aliases; the first name is the one answers use. Every flagged attribute is single-valued; "operational" ones are
// answered only when named, "server" ones are also maintained by the server.
const DEFINITIONS: Definition[] = [
  ["objectClass", "string"],
  ["cn|commonName", "string"],
  ["sn|surname", "string"],
  ["givenName|gn", "string"],
  ["uid|userid", "string"],
  ["mail|rfc822Mailbox", "string"],
  ["description", "string"],
  ["ou|organizationalUnitName", "string"],
  ["o|organizationName", "string"],
  ["l|localityName", "string"],
  ["st|stateOrProvinceName", "string"],
  ["street|streetAddress", "string"],
  ["postalCode", "string"],
  ["title", "string"],
  ["roomNumber", "string"],
  ["initials", "string"],
  ["departmentNumber", "string"],
  ["employeeType", "string"],
  ["carLicense", "string"],
  ["businessCategory", "string"],
  ["labeledURI", "string"],
  ["telephoneNumber", "telephone"],
  ["facsimileTelephoneNumber|fax", "telephone"],
  ["mobile|mobileTelephoneNumber", "telephone"],
  ["homePhone|homeTelephoneNumber", "telephone"],
  ["pager|pagerTelephoneNumber", "telephone"],
  ["manager", "dn"],
  ["secretary", "dn"],
  ["seeAlso", "dn"],
  ["member", "dn"],
  ["uniqueMember", "dn"],
  ["photo", "binary"],
  ["jpegPhoto", "binary"],
  ["userCertificate", "binary"],
  ["userSMIMECertificate", "binary"],
  ["userPKCS12", "binary"],
  ["audio", "binary"],
  ["userPassword", "password"],
  ["authPassword", "password"],
  ["dc|domainComponent", "string", "single"],
  ["displayName", "string", "single"],
  ["employeeNumber", "string", "single"],
  ["preferredLanguage", "string", "single"],
  ["homeDirectory", "string", "single"],
  ["loginShell", "string", "single"],
  ["gecos", "string", "single"],
  ["classOfService", "string", "single"],
  ["uidNumber", "integer", "single"],
  ["gidNumber", "integer", "single"],
  ["ds-pwp-account-disabled", "boolean", "operational"],
  ["createTimestamp", "time", "server"],
  ["modifyTimestamp", "time", "server"],
  ["entryUUID", "string", "server"],
  ["etag", "string", "server"],
  ["hasSubordinates", "boolean", "server"],
  ["numSubordinates", "integer", "server"],
];

const BY_NAME = new Map<string, AttributeType>();
for (const [names, syntax, flag] of DEFINITIONS) {
  const [name = names, ...aliases] = names.split("|");
  const type: AttributeType = {
    name,
    key: name.toLowerCase(),
    syntax,
    singleValued: flag !== undefined,
    operational: flag === "operational" || flag === "server",
    userModifiable: flag !== "server",
  };
  for (const alias of [name, ...aliases]) {
    BY_NAME.set(alias.toLowerCase(), type);
  }
}

/** Attribute names LDAP accepts (a descriptor, or a numeric OID); the mock does not support options such as `;binary`. */
export const ATTRIBUTE_NAME: RegExp = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)*)$/;

/** The type of an attribute by any of its names; an unknown attribute is a multi-valued user attribute of any JSON type. */
export function attributeType(name: string): AttributeType {
  return (
    BY_NAME.get(name.toLowerCase()) ?? {
      name,
      key: name.toLowerCase(),
      syntax: "any",
      singleValued: false,
      operational: false,
      userModifiable: true,
    }
  );
}

/** True when the built-in table knows the attribute (by a name or an alias). */
export function isKnownAttribute(name: string): boolean {
  return BY_NAME.has(name.toLowerCase());
}

type Scalar = Exclude<components["schemas"]["HdapScalarValue"], null>;

/**
 * One stored value of an attribute, typed by its syntax: a string (directory string, telephone number, base64
 * binary, DN as an HDAP `_id`, ISO 8601 time), a number, a boolean, a JSON object, or an array of scalars (a postal
 * address).
 */
export type AttributeValue = Scalar | Scalar[];

/**
 * A string as LDAP's caseIgnoreMatch compares it: Unicode-compatibility normalised, trimmed, inner white space
 * collapsed to one space, lower-cased.
 */
export function caseIgnore(value: string): string {
  return value.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
}

/** A telephone number as telephoneNumberMatch compares it: spaces and hyphens do not count. */
export function telephoneDigits(value: string): string {
  return caseIgnore(value).replace(/[\s-]/g, "");
}

interface ObjectClass {
  superior?: string;
  /** Attributes an entry of this class must have. */
  must: string[];
}

// The required attributes of the object classes the demo uses (RFC 4519, 2798, 2307; OpenDJ's groupOfNames makes
// `member` optional). Classes the table does not know are accepted without checks.
const OBJECT_CLASSES: Record<string, ObjectClass> = {
  top: { must: ["objectClass"] },
  person: { superior: "top", must: ["sn", "cn"] },
  organizationalperson: { superior: "person", must: [] },
  inetorgperson: { superior: "organizationalperson", must: [] },
  posixaccount: { must: ["cn", "uid", "uidNumber", "gidNumber", "homeDirectory"] },
  organizationalunit: { superior: "top", must: ["ou"] },
  organization: { superior: "top", must: ["o"] },
  domain: { superior: "top", must: ["dc"] },
  dcobject: { must: ["dc"] },
  groupofnames: { superior: "top", must: ["cn"] },
  groupofuniquenames: { superior: "top", must: ["cn"] },
};

/** The first attribute that an entry of these object classes must have but lacks, with the class that needs it. */
export function missingRequiredAttribute(
  objectClasses: readonly string[],
  has: (attributeKey: string) => boolean,
): { attribute: string; objectClass: string } | undefined {
  for (const declared of objectClasses) {
    let name: string | undefined = declared;
    while (name !== undefined) {
      const objectClass: ObjectClass | undefined = OBJECT_CLASSES[name.toLowerCase()];
      if (!objectClass) {
        break;
      }
      const missing = objectClass.must.find((attribute) => !has(attributeType(attribute).key));
      if (missing !== undefined) {
        return { attribute: missing, objectClass: name };
      }
      name = objectClass.superior;
    }
  }
  return undefined;
}
