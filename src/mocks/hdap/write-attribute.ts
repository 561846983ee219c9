import { isProblem } from "../runtime/types.ts";
import { ATTRIBUTE_NAME, type AttributeType, attributeType } from "./attribute-types.ts";
import type { AttributeValue } from "./attribute-value.ts";
import type { EntryDraft } from "./entry-draft.ts";
import { type HdapProblem, hdapProblem } from "./errors.ts";
import { newPasswordProblem } from "./passwords.ts";
import type { HdapState } from "./state.ts";
import { writtenValues } from "./written-values.ts";

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
export function passwordsProblem(
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
