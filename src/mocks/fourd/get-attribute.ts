import type { MockContext, Problem } from "../runtime/types.ts";
import type { FourDPrincipal } from "./auth.ts";
import { binaryAnswer, type ImageFormat, readImageFormat } from "./binary-answer.ts";
import { reducedEntityJson } from "./entity-json.ts";
import { attributeNotFound, badRequest, entityNotFound, missingExpand } from "./errors.ts";
import type { ResolvedFourDMockOptions } from "./options.ts";
import { readableDataClass } from "./read-access.ts";
import type { FourDStore } from "./store.ts";

/**
 * `GET /rest/{dataClass}({key})/{attribute}`. With `$binary=true` or `$imageformat` (and `$expand` repeating the
 * attribute), or with `$expand` alone (4D: `$expand` "expands an image to view it, a BLOB to save it"), the raw value
 * or `{}`; without any of them, the entity reduced to that attribute as JSON. `$version` is only a cache-buster.
 */
export function getAttribute(
  store: FourDStore,
  options: ResolvedFourDMockOptions,
  context: MockContext<FourDPrincipal>,
): Response | Problem {
  const state = readableDataClass(store, context, options.guestsMayRead);
  if ("kind" in state) {
    return state;
  }
  const { query } = context;
  const attribute = context.params["attribute"] ?? "";
  if (!state.model.attributes.has(attribute)) {
    return attributeNotFound(attribute, state.model.name);
  }
  const binary = query.get("$binary") === "true";
  const imageFormat = query.get("$imageformat");
  const expand = query.get("$expand");
  if ((binary || imageFormat !== null) && expand === null) {
    return missingExpand();
  }
  if (expand !== null && expand !== attribute) {
    return missingExpand();
  }
  let format: ImageFormat = "best";
  if (imageFormat !== null) {
    const read = readImageFormat(imageFormat);
    if (read === undefined) {
      return badRequest("$imageformat must be best, GIF, PNG, JPEG or TIFF (or .png, image/png...)");
    }
    format = read;
  }
  const key = context.params["key"] ?? "";
  const entity = store.find(state, key);
  if (!entity) {
    return entityNotFound(state.model.name, key);
  }
  return expand === null
    ? Response.json(reducedEntityJson(state.model, entity, attribute))
    : binaryAnswer(state.model, entity, attribute, format);
}
