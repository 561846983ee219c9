import type { components } from "../../../generated/schema.ts";
import type { FourDErrorItem } from "./errors.ts";
import type { DataClassModel, StoredEntity } from "./store.ts";

type AttributeValue = components["schemas"]["FourDAttributeValue"];
type FourDEntity = components["schemas"]["FourDEntity"];
type FourDSavedEntity = components["schemas"]["FourDSavedEntity"];
type FourDSaveStatus = components["schemas"]["FourDSaveStatus"];

/** The path of an entity, `/rest/User(5)`. */
export function entityPath(model: DataClassModel, entity: StoredEntity): string {
  return `/rest/${model.name}(${entity.key})`;
}

/**
 * One attribute as 4D sends it: scalars inline; a picture deferred to its `$imageformat=best` URL whose `$version` is
 * the entity's stamp (so the URL changes when the picture does); a BLOB deferred to its `$binary=true` URL (the
 * document's assumption). A picture or BLOB that was never set is `null`.
 */
export function attributeJson(model: DataClassModel, entity: StoredEntity, name: string): AttributeValue {
  const value = entity.values.get(name) ?? null;
  if (typeof value !== "object" || value === null) {
    return value;
  }
  const base = `${entityPath(model, entity)}/${name}`;
  return model.attributes.get(name) === "picture"
    ? { __deferred: { uri: `${base}?$imageformat=best&$version=${entity.stamp}&$expand=${name}`, image: true } }
    : { __deferred: { uri: `${base}?$binary=true&$expand=${name}` } };
}

/** The entity's attributes in model order, or only the selected ones. */
export function attributesJson(
  model: DataClassModel,
  entity: StoredEntity,
  selected?: readonly string[],
): Record<string, AttributeValue> {
  const names = [...model.attributes.keys()].filter((name) => selected === undefined || selected.includes(name));
  return Object.fromEntries(names.map((name) => [name, attributeJson(model, entity, name)]));
}

/** A single entity (`GET /rest/User(5)`). */
export function entityJson(model: DataClassModel, entity: StoredEntity, selected?: readonly string[]): FourDEntity {
  return {
    __entityModel: model.name,
    __KEY: String(entity.key),
    __TIMESTAMP: entity.timestamp,
    __STAMP: entity.stamp,
    ...attributesJson(model, entity, selected),
  };
}

/** An item of `__ENTITIES` in a collection: no `__entityModel`, which the collection carries. */
export function collectionItemJson(
  model: DataClassModel,
  entity: StoredEntity,
  selected?: readonly string[],
): FourDEntity {
  return {
    __KEY: String(entity.key),
    __TIMESTAMP: entity.timestamp,
    __STAMP: entity.stamp,
    ...attributesJson(model, entity, selected),
  };
}

/** The entity reduced to one attribute (`GET /rest/User(5)/profilePicture` without `$expand`). */
export function reducedEntityJson(model: DataClassModel, entity: StoredEntity, attribute: string): FourDEntity {
  return {
    __entityModel: model.name,
    __KEY: String(entity.key),
    __STAMP: entity.stamp,
    [attribute]: attributeJson(model, entity, attribute),
  };
}

/** An entity saved by `$method=update`: its new stamp and its absolute `uri`. */
export function savedEntityJson(model: DataClassModel, entity: StoredEntity, origin: string): FourDSavedEntity {
  return {
    __KEY: String(entity.key),
    __STAMP: entity.stamp,
    uri: `${origin}${entityPath(model, entity)}`,
    __TIMESTAMP: entity.timestamp,
    ...attributesJson(model, entity),
  };
}

/**
 * An entity that could not be saved: as stored (when it exists), with 4D's `__STATUS` when there is one, and its own
 * `__ERROR` items; the HTTP status of the answer stays 200.
 */
export function failedEntityJson(
  model: DataClassModel,
  entity: StoredEntity | undefined,
  errors: FourDErrorItem[],
  status?: FourDSaveStatus,
): FourDSavedEntity {
  const stored = entity
    ? {
        __KEY: String(entity.key),
        __STAMP: entity.stamp,
        __TIMESTAMP: entity.timestamp,
        ...attributesJson(model, entity),
      }
    : {};
  return { ...(status ? { __STATUS: status } : {}), ...stored, __ERROR: errors };
}
