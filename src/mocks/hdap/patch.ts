import { isProblem } from "../runtime/types.ts";
import { writeAccessProblem } from "./auth.ts";
import {
  commitEntry,
  entryAnswer,
  type HdapContext,
  type HdapProblem,
  hdapProblem,
  ifMatchProblem,
  newRevision,
  noSuchEntry,
  queryFlag,
  requestDn,
} from "./common-rest.ts";
import {
  checkedValues,
  EntryDraft,
  entryRulesProblem,
  type WriteContext,
  writableAttribute,
  writtenValues,
} from "./entry-draft.ts";
import type { HdapState } from "./index.ts";
import { equalityKey } from "./matching.ts";
import type { AttributeType, AttributeValue } from "./schema.ts";

/*
 * `PATCH`: add, remove, replace and increment, applied in order, all or nothing.
 */

interface PatchOperation {
  operation: string;
  field: string;
  value?: unknown;
}

function isPatchOperation(value: unknown): value is PatchOperation {
  const candidate = value as Partial<PatchOperation> | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.operation === "string" &&
    typeof candidate.field === "string"
  );
}

// `/telephoneNumber` and `telephoneNumber` name the same attribute; deeper pointers and HDAP's own fields are refused.
function patchedAttribute(field: string): AttributeType | HdapProblem {
  const segments = field.replace(/^\//, "").split("/");
  const [name = ""] = segments;
  if (segments.length > 1) {
    return hdapProblem(
      400,
      `The patch field '${field}' points inside an attribute; HDAP patches whole attributes only`,
    );
  }
  if (name === "_id" || name === "_rev") {
    return hdapProblem(400, `The patch field '${field}' cannot be changed; rename an entry with _action=rename`);
  }
  return writableAttribute(name);
}

function union(
  type: AttributeType,
  current: readonly AttributeValue[],
  added: readonly AttributeValue[],
): AttributeValue[] {
  const keys = new Set(current.map((value) => equalityKey(type, value)));
  return [...current, ...added.filter((value) => !keys.has(equalityKey(type, value)))];
}

function increment(draft: EntryDraft, type: AttributeType, by: unknown, field: string): HdapProblem | undefined {
  const current = draft.values(type.key);
  if (typeof by !== "number") {
    return hdapProblem(400, `The increment of '${field}' needs a number as its value`);
  }
  if (current.length === 0) {
    return hdapProblem(
      400,
      `No Such Attribute: ${type.name} cannot be incremented because the entry has no value for it`,
    );
  }
  const numeric =
    (type.syntax === "integer" || type.syntax === "any") && current.every((value) => typeof value === "number");
  if (!numeric) {
    return hdapProblem(400, `Constraint Violation: ${type.name} cannot be incremented because it is not numeric`);
  }
  if (type.syntax === "integer" && !Number.isSafeInteger(by)) {
    return hdapProblem(
      400,
      `Constraint Violation: ${type.name} holds integers, so it can only be incremented by an integer`,
    );
  }
  draft.set(
    type,
    type.name,
    current.map((value) => (value as number) + by),
  );
  return undefined;
}

function applyOne(context: WriteContext, draft: EntryDraft, operation: PatchOperation): HdapProblem | undefined {
  const type = patchedAttribute(operation.field);
  if (isProblem(type)) {
    return type;
  }
  const name = operation.field.replace(/^\//, "");
  switch (operation.operation) {
    case "add": {
      const checked = checkedValues(context, type, operation.value);
      if ("problem" in checked) {
        return checked.problem;
      }
      if (checked.values.length === 0) {
        return hdapProblem(400, `The add on '${operation.field}' needs at least one value`);
      }
      // A single-valued attribute takes the new value; a multi-valued one joins the sets (duplicates ignored).
      draft.set(type, name, type.singleValued ? checked.values : union(type, draft.values(type.key), checked.values));
      return undefined;
    }
    case "remove": {
      if (operation.value === undefined || operation.value === null) {
        draft.set(type, name, []);
        return undefined;
      }
      // Removing a value the attribute does not hold is not an error (DS's REST gateway modifies permissively).
      const written = writtenValues(type, operation.value);
      if ("problem" in written) {
        return hdapProblem(400, written.problem);
      }
      const removed = new Set(written.values.map((value) => equalityKey(type, value)));
      draft.set(
        type,
        name,
        draft.values(type.key).filter((value) => !removed.has(equalityKey(type, value))),
      );
      return undefined;
    }
    case "replace": {
      const checked = checkedValues(context, type, operation.value);
      if ("problem" in checked) {
        return checked.problem;
      }
      draft.set(type, name, checked.values);
      return undefined;
    }
    case "increment":
      return increment(draft, type, operation.value, operation.field);
    default:
      return hdapProblem(
        400,
        `The patch operation '${operation.operation}' is not supported; HDAP supports add, remove, replace and increment`,
      );
  }
}

/**
 * Applies HDAP patch operations to a draft in order. The first failing operation stops the patch and the caller drops
 * the draft, so the entry changes all at once or not at all, as one LDAP modify does.
 */
function applyPatch(context: WriteContext, draft: EntryDraft, operations: unknown): HdapProblem | undefined {
  if (!Array.isArray(operations) || operations.length === 0) {
    return hdapProblem(400, "A PATCH body is a non-empty array of patch operations");
  }
  for (const operation of operations) {
    if (!isPatchOperation(operation)) {
      return hdapProblem(400, "Each patch operation needs an operation and a field");
    }
    const problem = applyOne(context, draft, operation);
    if (problem) {
      return problem;
    }
  }
  return undefined;
}

/**
 * `PATCH /hdap/{dnPath}` (hdapPatchEntry): applies `add`, `remove`, `replace` and `increment` in order, all or
 * nothing, and answers the entry with a new `_rev`. Binary values are checked as base64 here, since the document's
 * patch `value` is any JSON.
 */
export function patchEntry(state: HdapState, context: HdapContext): Response | HdapProblem {
  const dn = requestDn(context);
  if (isProblem(dn)) {
    return dn;
  }
  const existing = state.store.get(dn);
  const denied = writeAccessProblem(state, context.principal, dn, "modified");
  if (denied) {
    return denied;
  }
  if (!existing) {
    return noSuchEntry(dn);
  }
  const precondition = ifMatchProblem(context.headers, existing, dn);
  if (precondition) {
    return precondition;
  }
  const draft = new EntryDraft(existing.attributes);
  const writeContext = { state, passwordQualityAdvice: queryFlag(context, "passwordQualityAdvice") };
  const body = context.body.kind === "json" ? context.body.value : undefined;
  const problem = applyPatch(writeContext, draft, body) ?? entryRulesProblem(draft, dn, "modified");
  if (problem) {
    return problem;
  }
  const patched = { ...existing, rev: newRevision(), attributes: draft.snapshot(), modifiedAt: state.clock() };
  commitEntry(state, context, patched);
  return entryAnswer(state, context, patched);
}
