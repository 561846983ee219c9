import { attributeType } from "./attribute-types.ts";

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
