import { attributeType } from "./attribute-types.ts";
import type { AttributeValue } from "./attribute-value.ts";
import { type Dn, formatLdapDn, leafRdn } from "./dn.ts";
import type { EntryDraft } from "./entry-draft.ts";
import { type HdapProblem, hdapProblem } from "./errors.ts";
import { equalityKey } from "./matching.ts";
import { missingRequiredAttribute } from "./object-classes.ts";

const OBJECT_CLASS_KEY = attributeType("objectClass").key;

/** How a write changes an entry, for the wording of the schema errors. */
export type EntryChange = "added" | "modified" | "renamed";

/** An RDN value in the JSON type of its attribute (`uidNumber=1076` is the number 1076). */
export function rdnValue(attribute: string, value: string): AttributeValue {
  const { syntax } = attributeType(attribute);
  if (syntax === "integer" && /^-?\d+$/.test(value)) {
    return Number(value);
  }
  if (syntax === "boolean" && (value === "true" || value === "false")) {
    return value === "true";
  }
  return value;
}

function holdsValue(draft: EntryDraft, attribute: string, value: AttributeValue): boolean {
  const type = attributeType(attribute);
  const key = equalityKey(type, value);
  return draft.values(type.key).some((stored) => equalityKey(type, stored) === key);
}

/**
 * Adds the RDN's values to a new entry when the body left them out, as an LDAP server does on add; a single-valued
 * naming attribute that already holds another value is a naming violation.
 */
export function addRdnValues(draft: EntryDraft, dn: Dn, verb: EntryChange = "added"): HdapProblem | undefined {
  for (const ava of leafRdn(dn).avas) {
    const type = attributeType(ava.type);
    const value = rdnValue(ava.type, ava.value);
    if (holdsValue(draft, ava.type, value)) {
      continue;
    }
    if (type.singleValued && draft.has(type.key)) {
      return hdapProblem(
        400,
        `Naming Violation: Entry ${formatLdapDn(dn)} cannot be ${verb} because its single-valued attribute ${type.name} holds a value other than the RDN's`,
      );
    }
    draft.set(type, ava.type, [...draft.values(type.key), value]);
  }
  return undefined;
}

/**
 * The schema checks LDAP runs on an entry after an add or a modify: it still holds the values its RDN names, it has
 * object classes, and it has the attributes its object classes require.
 */
export function entryRulesProblem(draft: EntryDraft, dn: Dn, verb: EntryChange): HdapProblem | undefined {
  const name = formatLdapDn(dn);
  const removed = leafRdn(dn).avas.find((ava) => !holdsValue(draft, ava.type, rdnValue(ava.type, ava.value)));
  if (removed) {
    return hdapProblem(
      400,
      `Not Allowed on RDN: Entry ${name} cannot be ${verb} because the change to attribute ${removed.type} would remove a value used in its RDN`,
    );
  }
  const objectClasses = draft.values(OBJECT_CLASS_KEY).filter((value): value is string => typeof value === "string");
  if (objectClasses.length === 0) {
    return hdapProblem(400, `Object Class Violation: Entry ${name} cannot be ${verb} because it has no objectClass`);
  }
  const missing = missingRequiredAttribute(objectClasses, (key) => draft.has(key));
  if (missing) {
    return hdapProblem(
      400,
      `Object Class Violation: Entry ${name} cannot be ${verb} because it is missing attribute ${missing.attribute} which is required by object class ${missing.objectClass}`,
    );
  }
  return undefined;
}
