import { fourDErrors } from "./error-items.ts";
import { badRequest, type FourDProblem, fourDProblem } from "./errors.ts";
import { compileFilter, type EntityPredicate, FilterMeaningError } from "./filter-evaluation.ts";
import { FilterSyntaxError, parseFilter } from "./filter-parser.ts";
import type { StoredEntity } from "./model.ts";
import { OrderByError, parseOrderBy, sortEntities } from "./order-by.ts";
import type { DataClassState } from "./store.ts";

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
