import type { components } from "../../../generated/schema.ts";
import type { MockContext, Problem } from "../runtime/types.ts";
import { failedEntityJson, savedEntityJson } from "./entity-json.ts";
import { badRequest, dataClassNotFound, type FourDErrorItem, fourDErrors, fourDProblem } from "./errors.ts";
import type { FourDPrincipal } from "./sessions.ts";
import {
  type DataClassState,
  type FourDAttributeKind,
  type FourDStore,
  pictureMediaType,
  type StoredEntity,
  type StoredValue,
} from "./store.ts";
import type { UploadTable } from "./uploads.ts";

/*
 * `$method=update`: the values a body assigns (uploads included), each entity saved on its own after its stamp check,
 * or all or none with `$atomic`.
 */

/**
 * A value ready to store, with the upload it came from; or why it cannot be stored (4D's inline error items, which
 * `complete` says already end with the "cannot be saved" item).
 */
type Assignment = { value: StoredValue; uploadId?: string } | { errors: FourDErrorItem[]; complete: boolean };

function invalid(message: string): Assignment {
  return { errors: [fourDErrors.valueFailsValidation(message), fourDErrors.entityFailsValidation()], complete: false };
}

function uploadId(raw: unknown): string | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return undefined;
  }
  const id = (raw as Record<string, unknown>)["ID"];
  return typeof id === "string" ? id : undefined;
}

/**
 * Converts a value of a `$method=update` body for an attribute. Scalars must have the attribute's type (a number may
 * come as a numeric string); `null` empties any attribute. A picture or BLOB takes `{"ID": ...}` from `$upload`: an
 * unknown or expired ID is 4D's errCode 1517, and a picture must really be one (PNG, JPEG, GIF or TIFF, read from
 * its bytes: 4D converts it, so a PDF cannot become a picture). A BLOB keeps the upload's Content-Type.
 */
function assignAttribute(
  kind: FourDAttributeKind,
  name: string,
  raw: unknown,
  uploads: UploadTable,
  now: number,
): Assignment {
  if (raw === null) {
    return { value: null };
  }
  switch (kind) {
    case "string":
      return typeof raw === "string" ? { value: raw } : invalid(`The "${name}" attribute takes text`);
    case "boolean":
      return typeof raw === "boolean" ? { value: raw } : invalid(`The "${name}" attribute takes true or false`);
    case "number": {
      const value =
        typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : Number.NaN;
      return Number.isFinite(value) ? { value } : invalid(`The "${name}" attribute takes a number`);
    }
    case "picture":
    case "blob": {
      const id = uploadId(raw);
      if (id === undefined) {
        return invalid(`The "${name}" attribute takes {"ID": "<upload ID>"} from $upload, or null`);
      }
      const upload = uploads.get(id, now);
      if (!upload) {
        // The document's example reports an unusable ID with 4D's "cannot save" code alone.
        return { errors: [fourDErrors.uploadNotFound(id)], complete: true };
      }
      if (kind === "blob") {
        return {
          value: { bytes: upload.bytes, mediaType: upload.contentType ?? "application/octet-stream" },
          uploadId: id,
        };
      }
      const mediaType = pictureMediaType(upload.bytes);
      return mediaType === undefined
        ? invalid(`The upload ${id} is not a picture (PNG, JPEG, GIF or TIFF) and cannot be stored in "${name}"`)
        : { value: { bytes: upload.bytes, mediaType }, uploadId: id };
    }
  }
}

type FourDSaveStatus = components["schemas"]["FourDSaveStatus"];

/** What happened to one entity of a `$method=update` body. */
type SaveOutcome =
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
interface SaveScope {
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
function saveEntity(scope: SaveScope, input: Record<string, unknown>): SaveOutcome {
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

type FourDSavedEntity = components["schemas"]["FourDSavedEntity"];
type FourDSavedEntities = components["schemas"]["FourDSavedEntities"];

const ATOMIC_CANCELLED = "$atomic cancelled the transaction because another entity failed";

function isEntityInput(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * `POST /rest/{dataClass}?$method=update`: saves one entity or an array of them, each on its own, and answers `200`
 * with the saved entities and, inline, the ones that failed (`__ERROR`, plus `__STATUS` for a stale stamp). With
 * `$atomic=true` (or `$atonce=true`) a single failure cancels every save of the request; the entities that had been
 * saved then come back as stored with a 1517/1534 item saying so (4D does not document their answer: marking them
 * failed keeps clients that check each entity for `__ERROR` right).
 */
export function updateEntities(
  store: FourDStore,
  uploads: UploadTable,
  context: MockContext<FourDPrincipal>,
): Response | Problem {
  const name = context.params["dataClass"] ?? "";
  const state = store.dataClass(name);
  if (!state) {
    return dataClassNotFound(name);
  }
  const { body, query, principal } = context;
  // The document requires a session here, so the dispatcher has already answered 401 to a caller without one.
  if (!principal) {
    return fourDProblem(401, "unauthorized", [fourDErrors.noUpdatePermission(name)]);
  }
  if (body.kind !== "json") {
    return badRequest("The request body is not a JSON object or array of entities");
  }
  const inputs = Array.isArray(body.value) ? body.value : [body.value];
  if (!inputs.every(isEntityInput)) {
    return badRequest("The request body is not a JSON object or array of entities");
  }
  const origin = context.url.origin;
  const now = context.now();
  const atomic = query.get("$atomic") === "true" || query.get("$atonce") === "true";
  const rollbacks = atomic ? [store.begin(), uploads.begin()] : [];

  const render = (outcome: SaveOutcome, cancelled: boolean): FourDSavedEntity => {
    const current = store.dataClass(name) ?? state;
    // After a rollback an entity created by this request no longer exists.
    const gone = cancelled && !outcome.failed && outcome.created;
    const entity = outcome.key === undefined || gone ? undefined : store.find(current, outcome.key);
    if (!outcome.failed && !cancelled && entity) {
      return savedEntityJson(current.model, entity, origin);
    }
    if (outcome.failed) {
      const failed = failedEntityJson(current.model, entity, outcome.errors, outcome.status);
      return entity || outcome.sentKey === undefined ? failed : { __KEY: outcome.sentKey, ...failed };
    }
    const item = entity
      ? fourDErrors.entityCannotBeSaved(name, entity.key, ATOMIC_CANCELLED)
      : fourDErrors.newEntityCannotBeSaved(name, ATOMIC_CANCELLED);
    return failedEntityJson(current.model, entity, [item]);
  };

  const outcomes: SaveOutcome[] = [];
  let answers: FourDSavedEntity[] = [];
  for (const input of inputs) {
    // Each entity sees the saves before it (the same entity may be updated twice with successive stamps).
    const outcome = saveEntity({ store, uploads, state: store.dataClass(name) ?? state, principal, now }, input);
    outcomes.push(outcome);
    answers.push(render(outcome, false));
  }
  if (atomic && outcomes.some((outcome) => outcome.failed)) {
    for (const rollback of rollbacks) {
      rollback();
    }
    answers = outcomes.map((outcome) => render(outcome, true));
  }
  if (Array.isArray(body.value)) {
    const list: FourDSavedEntities = { __ENTITIES: answers };
    return Response.json(list);
  }
  return Response.json(answers[0]);
}
