import type { MockContext, Problem } from "../runtime/types.ts";
import type { FourDPrincipal } from "./auth.ts";
import { entityJson } from "./entity-json.ts";
import { entityNotFound } from "./errors.ts";
import type { ResolvedFourDMockOptions } from "./options.ts";
import { expandedAttribute, readableDataClass, selectedAttributes } from "./read-access.ts";
import type { FourDStore } from "./store.ts";

/** `GET /rest/{dataClass}({key})`: the entity, pictures and BLOBs deferred; `$attributes` narrows it. */
export function getEntity(
  store: FourDStore,
  options: ResolvedFourDMockOptions,
  context: MockContext<FourDPrincipal>,
): Response | Problem {
  const state = readableDataClass(store, context, options.guestsMayRead);
  if ("kind" in state) {
    return state;
  }
  // `$expand` on an entity URL is for relations, which the mock's dataclasses do not have; the name is still checked.
  const expand = expandedAttribute(context.query, state.model);
  if (typeof expand === "object") {
    return expand;
  }
  const attributes = selectedAttributes(context.query, state.model);
  if (attributes !== undefined && !Array.isArray(attributes)) {
    return attributes;
  }
  const key = context.params["key"] ?? "";
  const entity = store.find(state, key);
  return entity ? Response.json(entityJson(state.model, entity, attributes)) : entityNotFound(state.model.name, key);
}
