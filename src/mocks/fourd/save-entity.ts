import type { components } from "../../../generated/schema.ts";
import { assignAttribute } from "./attribute-assignment.ts";
import type { FourDPrincipal } from "./auth.ts";
import { type FourDErrorItem, fourDErrors } from "./error-items.ts";
import type { StoredEntity, StoredValue } from "./model.ts";
import type { DataClassState, FourDStore } from "./store.ts";
import type { UploadTable } from "./uploads.ts";

type FourDSaveStatus = components["schemas"]["FourDSaveStatus"];

/** What happened to one entity of a `$method=update` body. */
export type SaveOutcome =
  | { failed: false; key: number; created: boolean }
  | {
      failed: true;
      key: number | undefined;
      sentKey: string | undefined;
      errors: FourDErrorItem[];
      status?: FourDSaveStatus;
    };

/** 4D's `__STATUS` for a stale stamp. */
const STAMP_HAS_CHANGED: FourDSaveStatus = { status: 2, statusText: "Stamp has changed", success: false };

/** Where a save happens: the datastore, the pending uploads, the caller and the clock. */
export interface SaveScope {
  store: FourDStore;
  uploads: UploadTable;
  state: DataClassState;
  principal: FourDPrincipal;
  now: number;
}

function readKey(raw: unknown): number | undefined {
  const value = typeof raw === "number" ? raw : typeof raw === "string" && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/**
 * Saves one entity of a `$method=update` body: with `__KEY` and `__STAMP` it updates that entity if the stamp is the
 * stored one (a numeric string is accepted, as 4D does), otherwise it creates one with the next key, or with the key
 * attribute's value when the body gives a free one. Nothing is stored unless every attribute can be; then the stamp
 * grows by one, the timestamp is the clock's, and the uploads used are consumed.
 */
export function saveEntity(scope: SaveScope, input: Record<string, unknown>): SaveOutcome {
  const { store, uploads, state, principal, now } = scope;
  const { model } = state;
  const sentKey = input["__KEY"] === undefined ? undefined : String(input["__KEY"]);
  const entity: StoredEntity | undefined = sentKey === undefined ? undefined : store.find(state, sentKey);
  const fail = (errors: FourDErrorItem[], status?: FourDSaveStatus): SaveOutcome => ({
    failed: true,
    key: entity?.key,
    sentKey,
    errors,
    ...(status ? { status } : {}),
  });
  const cannotSave = (reason?: string) =>
    entity
      ? fourDErrors.entityCannotBeSaved(model.name, entity.key, reason)
      : fourDErrors.newEntityCannotBeSaved(model.name, reason);

  if (sentKey !== undefined && !entity) {
    return fail([
      fourDErrors.entityNotFound(model.name, sentKey),
      fourDErrors.entityCannotBeSaved(model.name, sentKey),
    ]);
  }
  if (!principal.canUpdate) {
    return fail([fourDErrors.noUpdatePermission(model.name), cannotSave()]);
  }
  if (entity && Number(input["__STAMP"]) !== entity.stamp) {
    return fail(
      [
        fourDErrors.stampChanged(model.name, entity.record),
        fourDErrors.cannotSaveRecord(model.name, entity.record),
        cannotSave(),
      ],
      STAMP_HAS_CHANGED,
    );
  }

  const changes = new Map<string, StoredValue>();
  const usedUploads = new Set<string>();
  let newKey: number | undefined;
  for (const [name, raw] of Object.entries(input)) {
    const kind = model.attributes.get(name);
    // `__` fields are 4D's own; `uri` is what a saved entity carries and a client may send back.
    if (kind === undefined && (name.startsWith("__") || name === "uri")) {
      continue;
    }
    if (kind === undefined) {
      return fail([fourDErrors.attributeNotFound(name, model.name), cannotSave()]);
    }
    if (name === model.keyAttribute) {
      const key = readKey(raw);
      if (entity && key !== entity.key) {
        return fail([
          fourDErrors.valueFailsValidation(`The primary key "${name}" cannot be changed`),
          fourDErrors.entityFailsValidation(),
          cannotSave(),
        ]);
      }
      if (!entity && (key === undefined || !store.isFree(state, key))) {
        const reason = key === undefined ? "must be a positive integer" : `${key} is already used`;
        return fail([
          fourDErrors.valueFailsValidation(`The primary key "${name}" ${reason}`),
          fourDErrors.entityFailsValidation(),
          cannotSave(),
        ]);
      }
      newKey = key;
      continue;
    }
    const assigned = assignAttribute(kind, name, raw, uploads, now);
    if ("errors" in assigned) {
      return fail(assigned.complete ? assigned.errors : [...assigned.errors, cannotSave()]);
    }
    changes.set(name, assigned.value);
    if (assigned.uploadId !== undefined) {
      usedUploads.add(assigned.uploadId);
    }
  }

  const target = entity ?? store.create(state, now, newKey);
  for (const [name, value] of changes) {
    target.values.set(name, value);
  }
  if (entity) {
    target.stamp += 1;
  }
  target.timestamp = new Date(now).toISOString();
  for (const id of usedUploads) {
    uploads.consume(id);
  }
  return { failed: false, key: target.key, created: entity === undefined };
}
