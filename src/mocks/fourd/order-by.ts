import { type DataClassModel, isBinaryKind, type StoredEntity, type StoredValue } from "./model.ts";
import { textKey } from "./text-key.ts";

/** One sort criterion of `$orderby`. */
export interface SortCriterion {
  attribute: string;
  descending: boolean;
}

/** An `$orderby` that cannot be applied; `unknownAttribute` is set for 4D's errCode 1500. */
export class OrderByError extends Error {
  override readonly name = "OrderByError";
  readonly unknownAttribute: string | undefined;

  constructor(message: string, unknownAttribute?: string) {
    super(message);
    this.unknownAttribute = unknownAttribute;
  }
}

const CRITERION = /^([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)(?:\s+(asc|desc))?$/i;

/** Reads `lastName desc, firstName asc` (the value inside the double quotes): ascending unless `desc` (any case). */
export function parseOrderBy(text: string, model: DataClassModel): SortCriterion[] {
  return text.split(",").map((part) => {
    const found = CRITERION.exec(part.trim());
    if (!found) {
      throw new OrderByError(
        `$orderby: cannot read "${part.trim()}"; write attribute names with asc or desc, separated by commas`,
      );
    }
    const attribute = found[1] ?? "";
    const kind = model.attributes.get(attribute);
    if (kind === undefined) {
      throw new OrderByError(`$orderby names the unknown attribute "${attribute}"`, attribute);
    }
    if (isBinaryKind(kind)) {
      throw new OrderByError(`$orderby cannot sort by the ${kind} attribute "${attribute}"`);
    }
    return { attribute, descending: found[2]?.toLowerCase() === "desc" };
  });
}

// Null sorts before every value; text compares as 4D queries do (case and accents ignored).
function compareValues(left: StoredValue, right: StoredValue): number {
  if (left === null || right === null) {
    return left === right ? 0 : left === null ? -1 : 1;
  }
  const a = typeof left === "string" ? textKey(left) : Number(left);
  const b = typeof right === "string" ? textKey(right) : Number(right);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts a selection by the criteria; ties keep the selection's order (the stable record order). */
export function sortEntities(entities: StoredEntity[], criteria: readonly SortCriterion[]): StoredEntity[] {
  return [...entities].sort((left, right) => {
    for (const { attribute, descending } of criteria) {
      const sign = compareValues(left.values.get(attribute) ?? null, right.values.get(attribute) ?? null);
      if (sign !== 0) {
        return descending ? -sign : sign;
      }
    }
    return 0;
  });
}
