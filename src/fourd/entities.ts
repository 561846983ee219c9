import { anySignal } from "../core/any-signal.ts";
import { callInit } from "../core/call-init.ts";
import { callError, type FourDContext, restUrl } from "./context.ts";
import { checkName, formatKey } from "./key.ts";
import type { FourDGetEntityOptions, FourDListOptions } from "./request-options.ts";
import { selectionQuery } from "./selection-query.ts";
import type { FourDEntity, FourDEntityCollection, FourDEntityRef } from "./types.ts";

const attributeList = (attributes: readonly string[] | undefined) =>
  attributes === undefined ? {} : { $attributes: attributes.map((name) => checkName("attribute", name)).join(",") };

/** Reads one entity (`fourDGetEntity`); pictures and BLOBs come deferred, with the `uri` that downloads them. */
export async function getEntity(
  context: FourDContext,
  ref: FourDEntityRef,
  options: FourDGetEntityOptions = {},
): Promise<FourDEntity> {
  const dataClass = checkName("dataclass", ref.dataClass);
  const key = formatKey(ref.key);
  const signal = anySignal([context.signal, options.signal]);
  try {
    const result = await context.core.raw.GET("/rest/{dataClass}({key})", {
      params: { path: { dataClass, key }, query: attributeList(options.attributes) },
      ...callInit(context.core, options),
    });
    return context.core.expectData(result);
  } catch (error) {
    throw callError(error, signal, context, { method: "GET", url: restUrl(context, `${dataClass}(${key})`) });
  }
}

/** Reads a page of a dataclass (`fourDListEntities`): `__COUNT` counts the whole selection; page with `skip`. */
export async function listEntities(
  context: FourDContext,
  dataClass: string,
  options: FourDListOptions = {},
): Promise<FourDEntityCollection> {
  checkName("dataclass", dataClass);
  const signal = anySignal([context.signal, options.signal]);
  try {
    const result = await context.core.raw.GET("/rest/{dataClass}", {
      params: {
        path: { dataClass },
        query: { ...selectionQuery(options), ...attributeList(options.attributes) },
      },
      ...callInit(context.core, options),
    });
    return context.core.expectData(result) as FourDEntityCollection;
  } catch (error) {
    throw callError(error, signal, context, { method: "GET", url: restUrl(context, dataClass) });
  }
}
