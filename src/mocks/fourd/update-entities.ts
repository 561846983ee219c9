import type { components } from "../../../generated/schema.ts";
import type { MockContext, Problem } from "../runtime/types.ts";
import type { FourDPrincipal } from "./auth.ts";
import { failedEntityJson, savedEntityJson } from "./entity-json.ts";
import { fourDErrors } from "./error-items.ts";
import { badRequest, dataClassNotFound, fourDProblem } from "./errors.ts";
import { type SaveOutcome, saveEntity } from "./save-entity.ts";
import type { FourDStore } from "./store.ts";
import type { UploadTable } from "./uploads.ts";

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
