import { type DataClassModel, type FourDAttributeKind, isFile, type StoredEntity, type StoredValue } from "./model.ts";
import type { FourDDataClassDefinition } from "./options.ts";
import { pictureMediaType } from "./picture-type.ts";

/** A dataclass and its entities, by primary key in creation order. */
export interface DataClassState {
  model: DataClassModel;
  entities: Map<number, StoredEntity>;
  /** The key the next created entity gets (one more than the largest ever stored). */
  nextKey: number;
  /** The record number the next created entity gets. */
  nextRecord: number;
}

function fits(kind: FourDAttributeKind, value: StoredValue): boolean {
  switch (kind) {
    case "string":
    case "number":
    case "boolean":
      return value === null || typeof value === kind;
    case "picture":
      return value === null || (isFile(value) && pictureMediaType(value.bytes) !== undefined);
    case "blob":
      return value === null || isFile(value);
  }
}

function buildDataClass(definition: FourDDataClassDefinition, now: number): DataClassState {
  const keyAttribute = definition.key ?? "ID";
  const attributes = new Map<string, FourDAttributeKind>([[keyAttribute, "number"]]);
  for (const [name, kind] of Object.entries(definition.attributes)) {
    if (name === keyAttribute || name.startsWith("__") || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new Error(`The 4D mock's dataclass ${definition.name} cannot have an attribute named "${name}".`);
    }
    attributes.set(name, kind);
  }
  const state: DataClassState = {
    model: { name: definition.name, keyAttribute, attributes },
    entities: new Map(),
    nextKey: 1,
    nextRecord: 0,
  };
  for (const entity of definition.entities ?? []) {
    if (!Number.isSafeInteger(entity.key) || entity.key < 1 || state.entities.has(entity.key)) {
      throw new Error(`The 4D mock's ${definition.name} entities need distinct positive integer keys.`);
    }
    const values = new Map<string, StoredValue>();
    for (const [name, kind] of attributes) {
      const value = name === keyAttribute ? entity.key : (entity.values?.[name] ?? null);
      if (!fits(kind, value)) {
        throw new Error(`The value of ${definition.name}(${entity.key}).${name} is not a ${kind}.`);
      }
      values.set(name, value);
    }
    state.entities.set(entity.key, {
      key: entity.key,
      stamp: entity.stamp ?? 1,
      timestamp: entity.timestamp ?? new Date(now).toISOString(),
      record: state.nextRecord++,
      values,
    });
    state.nextKey = Math.max(state.nextKey, entity.key + 1);
  }
  return state;
}

function cloneState(state: DataClassState): DataClassState {
  const entities = new Map(
    [...state.entities].map(([key, entity]) => [key, { ...entity, values: new Map(entity.values) }]),
  );
  return { ...state, entities };
}

/** The mocked datastore: dataclasses by name (case-sensitive), their entities, and transactions for `$atomic`. */
export class FourDStore {
  readonly #definitions: FourDDataClassDefinition[];
  #classes = new Map<string, DataClassState>();

  constructor(definitions: FourDDataClassDefinition[], now: number) {
    this.#definitions = definitions;
    this.reset(now);
  }

  /** Restores the defined entities. */
  reset(now: number): void {
    this.#classes = new Map(this.#definitions.map((definition) => [definition.name, buildDataClass(definition, now)]));
  }

  /** The dataclass named exactly so. */
  dataClass(name: string): DataClassState | undefined {
    return this.#classes.get(name);
  }

  /** The entity whose key the URL or body gives: `5`, `"5"` (quoted string key) or the number 5. */
  find(state: DataClassState, key: string | number): StoredEntity | undefined {
    const text = String(key).replace(/^"(.*)"$/, "$1");
    return /^\d+$/.test(text) ? state.entities.get(Number(text)) : undefined;
  }

  /** Whether a key is free for a new entity. */
  isFree(state: DataClassState, key: number): boolean {
    return !state.entities.has(key);
  }

  /** Adds a new entity (stamp 1) with the given key, or the next one; every attribute but the key is null. */
  create(state: DataClassState, now: number, key: number = state.nextKey): StoredEntity {
    const values = new Map<string, StoredValue>([...state.model.attributes.keys()].map((name) => [name, null]));
    values.set(state.model.keyAttribute, key);
    const entity: StoredEntity = {
      key,
      stamp: 1,
      timestamp: new Date(now).toISOString(),
      record: state.nextRecord++,
      values,
    };
    state.entities.set(key, entity);
    state.nextKey = Math.max(state.nextKey, key + 1);
    return entity;
  }

  /** Starts a transaction: the returned function puts every dataclass back as it is now. */
  begin(): () => void {
    const saved = new Map([...this.#classes].map(([name, state]) => [name, cloneState(state)]));
    return () => {
      this.#classes = saved;
    };
  }
}
