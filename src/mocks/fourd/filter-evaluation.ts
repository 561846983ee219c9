import type { FilterComparator, FilterNode, FilterValue } from "./filter-parser.ts";
import {
  type DataClassModel,
  type FourDAttributeKind,
  isBinaryKind,
  type StoredEntity,
  type StoredValue,
} from "./model.ts";
import { textKey } from "./text-key.ts";

/** Whether an entity belongs to the selection. */
export type EntityPredicate = (entity: StoredEntity) => boolean;

/** A `$filter` that parses but cannot be applied to this dataclass: an unknown attribute or a value of the wrong type. */
export class FilterMeaningError extends Error {
  override readonly name = "FilterMeaningError";
  /** Set when the cause is an unknown attribute (4D's errCode 1500). */
  readonly unknownAttribute: string | undefined;

  constructor(message: string, unknownAttribute?: string) {
    super(message);
    this.unknownAttribute = unknownAttribute;
  }
}

/** A value to compare with, converted to the attribute's type. */
type Operand =
  | { type: "null" }
  | { type: "text"; key: string; pattern: RegExp | undefined }
  | { type: "number"; value: number }
  | { type: "boolean"; value: boolean };

/** `@` is 4D's wildcard for `=`, `==` and `!=`; `===` and `!==` take it literally. */
const WILDCARD_COMPARATORS = new Set<FilterComparator>(["=", "==", "!="]);
const EQUALS = new Set<FilterComparator>(["=", "==", "==="]);
const NOT_EQUALS = new Set<FilterComparator>(["!=", "!=="]);

type Scalar = string | number | boolean | null;

function wildcardPattern(key: string): RegExp {
  const source = key
    .split("@")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`, "s");
}

function describe(value: Scalar): string {
  return typeof value === "string" ? `"${value}"` : String(value);
}

function placeholderValue(
  value: FilterValue & { kind: "placeholder" },
  params: readonly unknown[] | undefined,
): Scalar {
  if (params === undefined) {
    throw new FilterMeaningError(`$filter uses :${value.index} but no $params are given`);
  }
  const found = params[value.index - 1];
  if (value.index < 1 || value.index > params.length) {
    throw new FilterMeaningError(`$filter uses :${value.index} but $params has ${params.length} values`);
  }
  if (found === null || typeof found === "string" || typeof found === "number" || typeof found === "boolean") {
    return found;
  }
  throw new FilterMeaningError(`$params value ${value.index} must be a string, a number, a boolean or null`);
}

// A constant is typed by the attribute it is compared with: 4D converts query values to the attribute's type. Only a
// bare `null` is the null constant; `'null'` in quotes is text.
function operandFor(
  kind: FourDAttributeKind,
  attribute: string,
  comparator: FilterComparator,
  raw: Scalar,
  bareNull: boolean,
): Operand {
  if (raw === null || bareNull) {
    return { type: "null" };
  }
  if (isBinaryKind(kind)) {
    throw new FilterMeaningError(`the ${kind} attribute "${attribute}" can only be compared with null`);
  }
  switch (kind) {
    case "string": {
      const key = textKey(String(raw));
      const pattern = WILDCARD_COMPARATORS.has(comparator) && key.includes("@") ? wildcardPattern(key) : undefined;
      return { type: "text", key, pattern };
    }
    case "number": {
      const value =
        typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : Number.NaN;
      if (!Number.isFinite(value)) {
        throw new FilterMeaningError(`${describe(raw)} is not a number, and "${attribute}" is a number attribute`);
      }
      return { type: "number", value };
    }
    case "boolean": {
      const text = String(raw).toLowerCase();
      if (text !== "true" && text !== "false") {
        throw new FilterMeaningError(
          `${describe(raw)} is not true or false, and "${attribute}" is a boolean attribute`,
        );
      }
      return { type: "boolean", value: text === "true" };
    }
  }
}

function checkComparator(comparator: FilterComparator, operand: Operand, attribute: string): void {
  const equality = EQUALS.has(comparator) || NOT_EQUALS.has(comparator);
  if ((operand.type === "null" || operand.type === "boolean") && !equality) {
    throw new FilterMeaningError(
      `"${attribute}" can only be compared with = or != to ${operand.type === "null" ? "null" : "a boolean"}`,
    );
  }
  if (comparator === "begin" && operand.type !== "text") {
    throw new FilterMeaningError(`begin compares text, and "${attribute}" is not a text attribute`);
  }
}

function order(left: string | number, right: string | number): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function compare(value: StoredValue, comparator: FilterComparator, operand: Operand): boolean {
  if (operand.type === "null") {
    return EQUALS.has(comparator) === (value === null);
  }
  if (value === null || typeof value === "object") {
    return NOT_EQUALS.has(comparator);
  }
  let left: string | number | boolean;
  let right: string | number | boolean;
  if (operand.type === "text") {
    const key = textKey(String(value));
    if (comparator === "begin") {
      return key.startsWith(operand.key);
    }
    if (operand.pattern && (comparator === "=" || comparator === "==" || comparator === "!=")) {
      return operand.pattern.test(key) !== (comparator === "!=");
    }
    left = key;
    right = operand.key;
  } else {
    left = value;
    right = operand.value;
  }
  if (EQUALS.has(comparator)) {
    return left === right;
  }
  if (NOT_EQUALS.has(comparator)) {
    return left !== right;
  }
  const sign = order(left as string | number, right as string | number);
  switch (comparator) {
    case "<":
      return sign < 0;
    case "<=":
      return sign <= 0;
    case ">":
      return sign > 0;
    default:
      return sign >= 0;
  }
}

/**
 * Turns a parsed `$filter` into a predicate over the dataclass's entities, filling placeholders from `$params`.
 * Throws {@link FilterMeaningError} for an unknown attribute (relation and object paths are not modelled), a missing
 * placeholder, or a value that does not fit the attribute's type.
 */
export function compileFilter(
  node: FilterNode,
  model: DataClassModel,
  params: readonly unknown[] | undefined,
): EntityPredicate {
  if (node.kind === "junction") {
    const left = compileFilter(node.left, model, params);
    const right = compileFilter(node.right, model, params);
    switch (node.conjunction) {
      case "AND":
        return (entity) => left(entity) && right(entity);
      case "OR":
        return (entity) => left(entity) || right(entity);
      case "EXCEPT":
        return (entity) => left(entity) && !right(entity);
    }
  }
  const { attribute, comparator, value } = node;
  const kind = model.attributes.get(attribute);
  if (kind === undefined) {
    throw new FilterMeaningError(`$filter names the unknown attribute "${attribute}"`, attribute);
  }
  const raw = value.kind === "placeholder" ? placeholderValue(value, params) : value.text;
  const bareNull = value.kind === "constant" && !value.quoted && value.text === "null";
  const operand = operandFor(kind, attribute, comparator, raw, bareNull);
  checkComparator(comparator, operand, attribute);
  return (entity) => compare(entity.values.get(attribute) ?? null, comparator, operand);
}
