import type { OperationImplementation } from "../runtime/types.ts";
import type { FourDPrincipal } from "./auth.ts";
import { getAttribute } from "./get-attribute.ts";
import { getEntity } from "./get-entity.ts";
import { listEntities } from "./list-entities.ts";
import type { ResolvedFourDMockOptions } from "./options.ts";
import { login, logout } from "./session-operations.ts";
import type { SessionTable } from "./sessions.ts";
import type { FourDStore } from "./store.ts";
import { updateEntities } from "./update-entities.ts";
import { uploadFile } from "./upload.ts";
import type { UploadTable } from "./uploads.ts";

/** The mock's state that operations read and change. */
export interface FourDState {
  store: FourDStore;
  uploads: UploadTable;
  sessions: SessionTable;
  options: ResolvedFourDMockOptions;
}

/** The implementations of the 4D REST operations, keyed by operationId. */
export function fourDOperations(state: FourDState): Record<string, OperationImplementation<FourDPrincipal>> {
  const { store, uploads, sessions, options } = state;
  return {
    fourDListEntities: (context) => listEntities(store, options, context),
    fourDGetEntity: (context) => getEntity(store, options, context),
    fourDGetAttribute: (context) => getAttribute(store, options, context),
    fourDUpdateEntities: (context) => updateEntities(store, uploads, context),
    fourDUpload: (context) => uploadFile(uploads, context),
    fourDLogin: (context) => login(sessions, options, context),
    fourDLogout: (context) => logout(sessions, options, context),
  };
}
