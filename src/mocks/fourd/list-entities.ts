import type { components } from "../../../generated/schema.ts";
import type { MockContext, Problem } from "../runtime/types.ts";
import type { FourDPrincipal } from "./auth.ts";
import { binaryAnswer } from "./binary-answer.ts";
import { collectionItemJson } from "./entity-json.ts";
import { missingExpand } from "./errors.ts";
import type { ResolvedFourDMockOptions } from "./options.ts";
import { expandedAttribute, readableDataClass, selectedAttributes } from "./read-access.ts";
import { selectEntities } from "./selection.ts";
import type { FourDStore } from "./store.ts";

type FourDEntityCollection = components["schemas"]["FourDEntityCollection"];

/**
 * `GET /rest/{dataClass}`: a page of the selection (`$filter`, `$params`, `$orderby`, `$skip`, `$top`/`$limit`,
 * `$attributes`), or with `$binary=true&$expand=<attribute>` the raw value of that attribute of the first entity of
 * the selection after `$skip` (the document's assumption), `{}` when there is none.
 */
export function listEntities(
  store: FourDStore,
  options: ResolvedFourDMockOptions,
  context: MockContext<FourDPrincipal>,
): Response | Problem {
  const state = readableDataClass(store, context, options.guestsMayRead);
  if ("kind" in state) {
    return state;
  }
  const { query } = context;
  const binary = query.get("$binary") === "true";
  const expand = expandedAttribute(query, state.model);
  if (typeof expand === "object") {
    return expand;
  }
  if (binary && expand === undefined) {
    return missingExpand();
  }
  const attributes = selectedAttributes(query, state.model);
  if (attributes !== undefined && !Array.isArray(attributes)) {
    return attributes;
  }
  const selection = selectEntities(state, query);
  if (!Array.isArray(selection)) {
    return selection;
  }
  const skip = Number(query.get("$skip") ?? 0);
  if (binary && expand !== undefined) {
    return binaryAnswer(state.model, selection[skip], expand, "best");
  }
  // `$top` wins when a client sends both it and its synonym `$limit`.
  const top = Number(query.get("$top") ?? query.get("$limit") ?? options.defaultTopSize);
  const page = selection.slice(skip, skip + top);
  const body: FourDEntityCollection = {
    __entityModel: state.model.name,
    __COUNT: selection.length,
    __SENT: page.length,
    __FIRST: skip,
    __ENTITIES: page.map((entity) => collectionItemJson(state.model, entity, attributes)),
  };
  return Response.json(body);
}
