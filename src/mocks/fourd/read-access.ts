import type { MockContext } from "../runtime/types.ts";
import type { FourDPrincipal } from "./auth.ts";
import { fourDErrors } from "./error-items.ts";
import { attributeNotFound, dataClassNotFound, type FourDProblem, fourDProblem } from "./errors.ts";
import type { DataClassModel } from "./model.ts";
import type { DataClassState, FourDStore } from "./store.ts";

/** The dataclass of the URL if it exists and the caller may read it (guests may, unless the options say otherwise). */
export function readableDataClass(
  store: FourDStore,
  context: MockContext<FourDPrincipal>,
  guestsMayRead: boolean,
): DataClassState | FourDProblem {
  const name = context.params["dataClass"] ?? "";
  const state = store.dataClass(name);
  if (!state) {
    return dataClassNotFound(name);
  }
  if (context.principal === undefined && !guestsMayRead) {
    return fourDProblem(401, "unauthorized", [fourDErrors.noReadPermission(name)]);
  }
  return state;
}

/** The attributes `$attributes` asks for, `undefined` for all; an unknown one is 4D's 1500/1804 `404`. */
export function selectedAttributes(query: URLSearchParams, model: DataClassModel): string[] | undefined | FourDProblem {
  const raw = query.get("$attributes");
  if (raw === null) {
    return undefined;
  }
  const names = raw
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  // Relation paths (`employer.name`) are not modelled: the mock's dataclasses have no relations.
  const unknown = names.find((name) => !model.attributes.has(name));
  return unknown === undefined ? names : attributeNotFound(unknown, model.name);
}

/** The attribute `$expand` names, after checking that the dataclass has it; `undefined` without `$expand`. */
export function expandedAttribute(query: URLSearchParams, model: DataClassModel): string | undefined | FourDProblem {
  const expand = query.get("$expand");
  if (expand === null) {
    return undefined;
  }
  return model.attributes.has(expand) ? expand : attributeNotFound(expand, model.name);
}
