import { sniffImage } from "../../binary/image-info.ts";
import { namedExampleBytes } from "../document/openapi.ts";
import type { FourDDataClassDefinition } from "./index.ts";

/*
 * The datastore: the model (attribute kinds, entities, picture formats), the store with its transactions, and the
 * demo dataclasses.
 */

/** What an attribute holds: a scalar, or a picture or BLOB that 4D never inlines in JSON. */
export type FourDAttributeKind = "string" | "number" | "boolean" | "picture" | "blob";

/** The bytes of a picture or BLOB attribute and the media type they are served with. */
export interface FourDFile {
  bytes: Uint8Array;
  /** `image/png`, `image/jpeg`, `image/gif` or `image/tiff` for a picture; any declared download type for a BLOB. */
  mediaType: string;
}

/** A stored attribute value. */
export type StoredValue = string | number | boolean | null | FourDFile;

/** A dataclass as the mock knows it: its name, its numeric primary key and its attributes (the key included). */
export interface DataClassModel {
  name: string;
  /** Name of the primary key attribute, a number that creation auto-increments. */
  keyAttribute: string;
  /** Every attribute by name, in the order entities list them. */
  attributes: ReadonlyMap<string, FourDAttributeKind>;
}

/** One stored entity. */
export interface StoredEntity {
  key: number;
  /** 4D's internal stamp: 1 for a new entity, one more at every save. */
  stamp: number;
  /** When it was last saved, ISO 8601. */
  timestamp: string;
  /** 4D's record number (position in the table, from 0), which its save errors name. */
  record: number;
  /** Values by attribute name; every attribute of the model is present. */
  values: Map<string, StoredValue>;
}

/** True for a picture or BLOB value. */
export function isFile(value: StoredValue | undefined): value is FourDFile {
  return typeof value === "object" && value !== null;
}

/** True for the kinds 4D sends deferred and downloads with `$binary`/`$imageformat`. */
export function isBinaryKind(kind: FourDAttributeKind | undefined): kind is "picture" | "blob" {
  return kind === "picture" || kind === "blob";
}

/** The picture formats 4D's `$imageformat` names, as media types. */
export type PictureMediaType = "image/png" | "image/jpeg" | "image/gif" | "image/tiff";

// sniffImage knows the formats PingOne accepts; 4D pictures may also be TIFF (the document lists it), recognised here
// by its byte-order mark and magic number 42.
function isTiff(bytes: Uint8Array): boolean {
  const [a, b, c, d] = bytes;
  return (
    (a === 0x49 && b === 0x49 && c === 0x2a && d === 0x00) || (a === 0x4d && b === 0x4d && c === 0x00 && d === 0x2a)
  );
}

/** The picture format of some bytes, read from the bytes themselves; `undefined` when they are not a picture. */
export function pictureMediaType(bytes: Uint8Array): PictureMediaType | undefined {
  return sniffImage(bytes)?.mediaType ?? (isTiff(bytes) ? "image/tiff" : undefined);
}

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

function picture(example: string): FourDFile {
  const bytes = namedExampleBytes(example);
  const mediaType = pictureMediaType(bytes);
  if (mediaType === undefined) {
    throw new Error(`The example ${example} is not a picture.`);
  }
  return { bytes, mediaType };
}

/**
 * The demo model. Its files are the document's named examples, so the docs and the mock show the same bytes; User 5,
 * User 6 and Documents 42 are the entities of the document's examples, stamps and timestamps included. Only User 5 and
 * 6 work in HR, as the document's collection example shows; the others make filters and sorting meaningful.
 */
export function demoDataClasses(): FourDDataClassDefinition[] {
  return [
    {
      name: "User",
      attributes: { firstName: "string", lastName: "string", department: "string", profilePicture: "picture" },
      entities: [
        {
          key: 1,
          stamp: 2,
          timestamp: "2024-03-11T08:12:40.000Z",
          values: { firstName: "Claire", lastName: "Dubois", department: "Finance", profilePicture: null },
        },
        {
          key: 2,
          stamp: 1,
          timestamp: "2024-03-12T14:30:05.000Z",
          values: { firstName: "Marc", lastName: "Lefèvre", department: "Sales", profilePicture: null },
        },
        {
          key: 3,
          stamp: 3,
          timestamp: "2024-04-09T11:47:19.000Z",
          values: {
            firstName: "Sofia",
            lastName: "Rossi",
            department: "IT",
            profilePicture: picture("fourd-photo-gif"),
          },
        },
        {
          key: 4,
          stamp: 1,
          timestamp: "2024-04-15T16:05:51.000Z",
          values: { firstName: "Jonas", lastName: "Weber", department: "Sales", profilePicture: null },
        },
        {
          key: 5,
          stamp: 4,
          timestamp: "2024-05-20T09:30:12.482Z",
          values: {
            firstName: "Ada",
            lastName: "Moreau",
            department: "HR",
            profilePicture: picture("fourd-profile-picture-jpeg"),
          },
        },
        {
          key: 6,
          stamp: 1,
          timestamp: "2024-05-18T15:02:40.117Z",
          values: { firstName: "Bruno", lastName: "Keller", department: "HR", profilePicture: null },
        },
      ],
    },
    {
      name: "Documents",
      attributes: { title: "string", contract: "blob" },
      entities: [
        {
          key: 42,
          stamp: 3,
          timestamp: "2024-04-02T08:15:00.000Z",
          values: {
            title: "Service contract",
            contract: { bytes: namedExampleBytes("fourd-contract-pdf"), mediaType: "application/pdf" },
          },
        },
        {
          key: 43,
          stamp: 1,
          timestamp: "2024-04-03T10:20:00.000Z",
          values: { title: "Draft agreement", contract: { bytes: new Uint8Array(), mediaType: "application/pdf" } },
        },
      ],
    },
    {
      name: "Employee",
      attributes: { firstName: "string", lastName: "string", photo: "picture" },
      entities: [
        {
          key: 1,
          stamp: 1,
          timestamp: "2024-02-01T09:00:00.000Z",
          values: { firstName: "Mary", lastName: "Smith", photo: picture("fourd-employee-photo-png") },
        },
        {
          key: 2,
          stamp: 2,
          timestamp: "2024-02-14T13:25:00.000Z",
          values: { firstName: "Carlos", lastName: "Mendes", photo: null },
        },
      ],
    },
  ];
}
