import { isBase64 } from "../../binary/base64.ts";
import { isProblem } from "../runtime/types.ts";
import { type HdapProblem, hdapProblem } from "./common-rest.ts";
import { type Dn, formatLdapDn, leafRdn, tryParseIdDn } from "./dn.ts";
import type { HdapState } from "./index.ts";
import { equalityKey } from "./matching.ts";
import { newPasswordProblem } from "./passwords.ts";
import {
  ATTRIBUTE_NAME,
  type AttributeType,
  type AttributeValue,
  attributeType,
  missingRequiredAttribute,
} from "./schema.ts";
import type { AttributeMap, StoredAttribute } from "./store.ts";

/*
 * A write's working copy of an entry, and the checks it passes before it is stored: attribute names and values by
 * syntax, passwords, the RDN's values and the object classes' required attributes.
 */

/** A working copy of an entry's attributes; a write changes the draft and stores it only when every check passed. */
export class EntryDraft {
  readonly #attributes: Map<string, StoredAttribute>;

  constructor(initial: AttributeMap = new Map()) {
    this.#attributes = new Map(initial);
  }

  /** The attribute stored under a key (`attributeType(name).key`). */
  get(key: string): StoredAttribute | undefined {
    return this.#attributes.get(key);
  }

  /** The attribute's values; none when it is absent. */
  values(key: string): readonly AttributeValue[] {
    return this.#attributes.get(key)?.values ?? [];
  }

  /** True when the attribute has at least one value. */
  has(key: string): boolean {
    return this.values(key).length > 0;
  }

  /** Replaces an attribute's values (no values removes it); a known attribute keeps its canonical name. */
  set(type: AttributeType, writtenName: string, values: readonly AttributeValue[]): void {
    if (values.length === 0) {
      this.#attributes.delete(type.key);
      return;
    }
    const name = this.#attributes.get(type.key)?.name ?? (type.syntax === "any" ? writtenName : type.name);
    this.#attributes.set(type.key, { type, name, values: [...values] });
  }

  /** The attributes as they stand, to store. */
  snapshot(): AttributeMap {
    return new Map(this.#attributes);
  }
}

function isScalar(value: unknown): value is Exclude<AttributeValue, unknown[]> {
  return (
    typeof value === "string" ||
    typeof value === "boolean" ||
    (typeof value === "number" && Number.isFinite(value)) ||
    (typeof value === "object" && value !== null && !Array.isArray(value))
  );
}

// Why one written value does not fit the attribute's syntax; messages name the attribute, never the value (it may be
// a password or a megabyte of base64).
function syntaxProblem(type: AttributeType, value: unknown): string | undefined {
  const name = type.name;
  switch (type.syntax) {
    case "string":
    case "telephone":
    case "password":
    case "time":
      if (typeof value !== "string") {
        return `${name} takes strings, not ${describe(value)}`;
      }
      return value.trim() === "" ? `${name} does not take an empty string` : undefined;
    case "binary":
      if (typeof value !== "string") {
        return `${name} takes base64 strings, not ${describe(value)}`;
      }
      return value !== "" && isBase64(value) ? undefined : `a value of ${name} is not valid base64 (RFC 4648, padded)`;
    case "dn":
      if (typeof value !== "string") {
        return `${name} takes HDAP identifiers (strings), not ${describe(value)}`;
      }
      return tryParseIdDn(value) ? undefined : `a value of ${name} is not a valid HDAP identifier (DN path)`;
    case "integer":
      return Number.isSafeInteger(value) ? undefined : `${name} takes integers (JSON numbers), not ${describe(value)}`;
    case "boolean":
      return typeof value === "boolean" ? undefined : `${name} takes true or false, not ${describe(value)}`;
    case "any":
      if (typeof value === "string" && value === "") {
        return `${name} does not take an empty string`;
      }
      return isScalar(value) || (Array.isArray(value) && value.length > 0 && value.every(isScalar))
        ? undefined
        : `${name} does not take ${describe(value)}`;
  }
}

function describe(value: unknown): string {
  if (value === null) {
    return "null";
  }
  if (Array.isArray(value)) {
    return "an array";
  }
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** The values of one attribute as a write gives them, checked and deduplicated, or the reason they are refused. */
export type WrittenValues = { values: AttributeValue[] } | { problem: string };

/**
 * Turns what a request writes into an attribute (`PUT` field, `PATCH` value) into its stored values: a scalar is one
 * value (HDAP accepts a scalar for a multi-valued attribute), `null` and `[]` are no values, duplicates under the
 * attribute's equality rule collapse (set semantics). Checks each value against the syntax, including base64 for
 * binary attributes, and refuses several values for a single-valued attribute.
 */
export function writtenValues(type: AttributeType, raw: unknown): WrittenValues {
  if (raw === null || raw === undefined) {
    return { values: [] };
  }
  // A top-level array lists the values; an unknown attribute's value may itself be an array (a postal address).
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  const values: AttributeValue[] = [];
  const seen = new Set<string>();
  for (const value of list) {
    const problem = syntaxProblem(type, value);
    if (problem !== undefined) {
      return { problem: `Invalid Attribute Syntax: ${problem}` };
    }
    const stored = value as AttributeValue;
    const key = equalityKey(type, stored);
    if (!seen.has(key)) {
      seen.add(key);
      values.push(stored);
    }
  }
  if (type.singleValued && values.length > 1) {
    return { problem: `Constraint Violation: ${type.name} is single-valued, but ${values.length} values were given` };
  }
  return { values };
}

/** What a write needs beyond the draft: the state (for the password policy) and whether advice was asked for. */
export interface WriteContext {
  state: HdapState;
  passwordQualityAdvice: boolean;
  /** Seeding the demo data skips the password policy (kvaughan's `bribery` is shorter than eight characters). */
  skipPasswordPolicy?: boolean;
}

/** The type of an attribute a request names, or the `400` for a name it may not write. */
export function writableAttribute(name: string): AttributeType | HdapProblem {
  if (!ATTRIBUTE_NAME.test(name)) {
    return hdapProblem(
      400,
      `Undefined Attribute Type: "${name}" is not an attribute name (the mock supports no attribute options such as ;binary)`,
    );
  }
  const type = attributeType(name);
  if (!type.userModifiable) {
    return hdapProblem(400, `Constraint Violation: The attribute ${type.name} is read-only (NO-USER-MODIFICATION)`);
  }
  return type;
}

/** Checks every new password against the policy. */
function passwordsProblem(
  context: WriteContext,
  type: AttributeType,
  values: readonly AttributeValue[],
): HdapProblem | undefined {
  if (type.syntax !== "password" || context.skipPasswordPolicy) {
    return undefined;
  }
  for (const value of values) {
    const problem =
      typeof value === "string" ? newPasswordProblem(context.state, value, context.passwordQualityAdvice) : undefined;
    if (problem) {
      return problem;
    }
  }
  return undefined;
}

/** Turns a written JSON value into checked values of `type`, or the `400` that refuses it. */
export function checkedValues(
  context: WriteContext,
  type: AttributeType,
  raw: unknown,
): { values: AttributeValue[] } | { problem: HdapProblem } {
  const written = writtenValues(type, raw);
  if ("problem" in written) {
    return { problem: hdapProblem(400, written.problem) };
  }
  const problem = passwordsProblem(context, type, written.values);
  return problem ? { problem } : written;
}

/**
 * Applies the fields of a `PUT` or create body: each attribute named replaces that attribute's values (`null` or `[]`
 * removes it), attributes left out keep theirs. `_id` and `_rev` are HDAP's own fields, not attributes.
 */
export function applyEntryFields(
  context: WriteContext,
  draft: EntryDraft,
  body: Record<string, unknown>,
): HdapProblem | undefined {
  for (const [name, raw] of Object.entries(body)) {
    if (name === "_id" || name === "_rev") {
      continue;
    }
    const type = writableAttribute(name);
    if (isProblem(type)) {
      return type;
    }
    const checked = checkedValues(context, type, raw);
    if ("problem" in checked) {
      return checked.problem;
    }
    draft.set(type, name, checked.values);
  }
  return undefined;
}

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
