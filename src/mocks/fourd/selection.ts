import { badRequest, type FourDProblem, fourDErrors, fourDProblem } from "./errors.ts";
import {
  compileFilter,
  type EntityPredicate,
  FilterMeaningError,
  FilterSyntaxError,
  parseFilter,
  textKey,
} from "./filter.ts";
import {
  type DataClassModel,
  type DataClassState,
  isBinaryKind,
  type StoredEntity,
  type StoredValue,
} from "./store.ts";

/*
 * The selection a list answers: `$filter` with its `$params`, then `$orderby`.
 */

/** One sort criterion of `$orderby`. */
interface SortCriterion {
  attribute: string;
  descending: boolean;
}

/** An `$orderby` that cannot be applied; `unknownAttribute` is set for 4D's errCode 1500. */
class OrderByError extends Error {
  override readonly name = "OrderByError";
  readonly unknownAttribute: string | undefined;

  constructor(message: string, unknownAttribute?: string) {
    super(message);
    this.unknownAttribute = unknownAttribute;
  }
}

const CRITERION = /^([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)(?:\s+(asc|desc))?$/i;

/** Reads `lastName desc, firstName asc` (the value inside the double quotes): ascending unless `desc` (any case). */
function parseOrderBy(text: string, model: DataClassModel): SortCriterion[] {
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
function sortEntities(entities: StoredEntity[], criteria: readonly SortCriterion[]): StoredEntity[] {
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

// The document's parameter patterns already make the dispatcher refuse values without their quotes; this unwraps them.
function unwrap(value: string, quote: string): string {
  return value.length >= 2 && value.startsWith(quote) && value.endsWith(quote) ? value.slice(1, -1) : value;
}

function readParams(query: URLSearchParams): unknown[] | undefined | FourDProblem {
  const raw = query.get("$params");
  if (raw === null) {
    return undefined;
  }
  try {
    const params: unknown = JSON.parse(unwrap(raw, "'"));
    if (Array.isArray(params)) {
      return params;
    }
  } catch {
    // Answered below, like any other value that is not a JSON array.
  }
  return badRequest(`$params must be a JSON array in single quotes, for example $params='["john",20000]'`);
}

function queryProblem(error: FilterMeaningError | OrderByError, dataClass: string): FourDProblem {
  const cause = fourDErrors.badRequest(error.message);
  return error.unknownAttribute === undefined
    ? fourDProblem(400, "bad-request", [cause])
    : fourDProblem(400, "bad-request", [fourDErrors.attributeNotFound(error.unknownAttribute, dataClass), cause]);
}

function readFilter(state: DataClassState, query: URLSearchParams): EntityPredicate | FourDProblem {
  const filter = query.get("$filter");
  if (filter === null) {
    return () => true;
  }
  const params = readParams(query);
  if (params !== undefined && !Array.isArray(params)) {
    return params;
  }
  try {
    return compileFilter(parseFilter(unwrap(filter, '"')), state.model, params);
  } catch (error) {
    if (error instanceof FilterSyntaxError) {
      return badRequest(error.message);
    }
    if (error instanceof FilterMeaningError) {
      return queryProblem(error, state.model.name);
    }
    throw error;
  }
}

/**
 * The dataclass's entities selected by `$filter` (with `$params`) and sorted by `$orderby`, in record order when there
 * is no `$orderby`; or the problem (`400`, errCode 1806, after 1500 for an unknown attribute) that a query that cannot
 * be applied gets.
 */
export function selectEntities(state: DataClassState, query: URLSearchParams): StoredEntity[] | FourDProblem {
  const predicate = readFilter(state, query);
  if (typeof predicate !== "function") {
    return predicate;
  }
  const selected = [...state.entities.values()].filter(predicate);
  const orderBy = query.get("$orderby");
  if (orderBy === null) {
    return selected;
  }
  try {
    return sortEntities(selected, parseOrderBy(unwrap(orderBy, '"'), state.model));
  } catch (error) {
    if (error instanceof OrderByError) {
      return queryProblem(error, state.model.name);
    }
    throw error;
  }
}
