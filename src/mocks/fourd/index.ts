import type { ApiMock } from "../runtime/types.ts";
import { authenticateFourD, type FourDPrincipal } from "./auth.ts";
import { demoDataClasses } from "./demo-data.ts";
import { renderFourDProblem } from "./errors.ts";
import { fourDOperations } from "./operations.ts";
import { type FourDMockOptions, resolveFourDOptions } from "./options.ts";
import { SessionTable } from "./sessions.ts";
import { FourDStore } from "./store.ts";
import { UploadTable } from "./uploads.ts";

export type { FourDPrincipal } from "./auth.ts";
export type { FourDAttributeKind, FourDFile } from "./model.ts";
export type {
  FourDDataClassDefinition,
  FourDEntityDefinition,
  FourDMockOptions,
  FourDMockUser,
} from "./options.ts";

/**
 * The 4D REST mock: dataclasses `User`, `Documents` and `Employee` with picture and BLOB attributes, downloads with
 * `$binary`/`$imageformat` and `$expand`, `$filter`/`$orderby` selections, `$upload` then `$method=update` with stamp
 * checks and inline errors, `$directory/login` sessions in the `4DSID_App` cookie, and 4D's `__ERROR` bodies.
 */
export function createFourDMock(
  options: FourDMockOptions = {},
  clock: () => number = Date.now,
): ApiMock<FourDPrincipal> {
  const resolved = resolveFourDOptions(options);
  const store = new FourDStore(resolved.dataClasses ?? demoDataClasses(), clock());
  const uploads = new UploadTable();
  const sessions = new SessionTable(resolved.maxSessions);

  return {
    name: "fourd",
    tag: "4D REST",
    operations: fourDOperations({ store, uploads, sessions, options: resolved }),
    authenticate: (context) => authenticateFourD(context.cookie, sessions, context.now()),
    renderProblem: renderFourDProblem,
    maxBodyBytes: resolved.maxBodyBytes,
    bodyTooLargeStatus: 400,
    pathPrefixes: ["/rest/"],
    reset: () => {
      store.reset(clock());
      uploads.clear();
      sessions.clear();
    },
  };
}
