import type { ApiMock, OperationImplementation } from "../runtime/types.ts";
import { renderFourDProblem } from "./errors.ts";
import { getAttribute, getEntity, listEntities } from "./read-entities.ts";
import { authenticateFourD, type FourDPrincipal, login, logout, SessionTable } from "./sessions.ts";
import { demoDataClasses, type FourDAttributeKind, type FourDFile, FourDStore } from "./store.ts";
import { updateEntities } from "./update-entities.ts";
import { UploadTable, uploadFile } from "./uploads.ts";

export type { FourDPrincipal } from "./sessions.ts";
export type { FourDAttributeKind, FourDFile } from "./store.ts";

/*
 * The 4D REST mock: its options (users, sessions, limits, dataclasses), the operations by operationId, and the
 * factory.
 */

/** A REST user of the mocked 4D application. */
export interface FourDMockUser {
  /** Sent as the `username-4D` header of `$directory/login`. */
  name: string;
  /** Sent as the `password-4D` header. */
  password: string;
  /**
   * Whether the user may create and update entities. Without it `$method=update` saves nothing and answers each
   * entity with errCode 1558 (no permission to update), then 1517/1534, inside the `200` answer.
   * @default true
   */
  canUpdate?: boolean;
}

/** One entity of a dataclass definition. */
export interface FourDEntityDefinition {
  /** Primary key (a positive integer). */
  key: number;
  /** @default 1 */
  stamp?: number;
  /** Last save, ISO 8601. @default the mock's clock when it starts */
  timestamp?: string;
  /** Attribute values; missing attributes are null. Pictures and BLOBs take `{ bytes, mediaType }`. */
  values?: Record<string, string | number | boolean | null | FourDFile>;
}

/** A dataclass exposed by the mocked REST server. */
export interface FourDDataClassDefinition {
  /** The dataclass name, case-sensitive as in the URL (`User`). */
  name: string;
  /** The primary key attribute: a number, auto-incremented when an entity is created. @default "ID" */
  key?: string;
  /** The other attributes and their kinds, in the order entities list them. */
  attributes: Record<string, FourDAttributeKind>;
  /** The stored entities. @default [] */
  entities?: FourDEntityDefinition[];
}

/** Demo data, credentials, sessions and limits of the 4D REST mock. Every field has a documented default. */
export interface FourDMockOptions {
  /**
   * The REST users that `$directory/login` accepts.
   * @default admin/admin (may update) and reader/reader (may only read)
   */
  users?: FourDMockUser[];
  /**
   * Whether a request without a session may read (list, entity, attribute). The demo server is a project without
   * force login, where guests read every dataclass; `false` answers them `401` errCode 1557 instead.
   * @default true
   */
  guestsMayRead?: boolean;
  /**
   * How many sessions may be open at once; one more login answers `402 No session` (errCode 1807). On 4D Server each
   * REST session takes a client licence (4D single-user allows 3); the mock is more generous for development.
   * @default 100
   */
  maxSessions?: number;
  /**
   * Largest request body in bytes (an `$upload` file, a `$method=update` body); larger ones get `400` errCode 1806,
   * the only client error the document declares there. 4D's own limit is a web server setting, so this one is the mock's.
   * @default 52428800 (50 MiB)
   */
  maxBodyBytes?: number;
  /** Entities sent when neither `$top` nor `$limit` is given: 4D's "Default Top Size". @default 100 */
  defaultTopSize?: number;
  /**
   * `SameSite` of the `4DSID_App` session cookie. `Lax` works for a front end on another port of the same host
   * (`localhost:5173` calling `localhost:4010`: ports do not change the site); `None` would need `Secure`, which
   * browsers refuse on plain `http`.
   * @default "Lax"
   */
  cookieSameSite?: "Strict" | "Lax" | "None";
  /**
   * The exposed dataclasses and their entities.
   * @default the demo model: `User` 1-6 (5 is Ada Moreau with the document's JPEG `profilePicture`, 6 Bruno Keller
   * without one), `Documents` 42 (the contract PDF BLOB) and 43 (an empty BLOB), `Employee` 1 (the PNG `photo`) and 2
   */
  dataClasses?: FourDDataClassDefinition[];
}

/** The options with their defaults applied. */
export interface ResolvedFourDMockOptions {
  users: Required<FourDMockUser>[];
  guestsMayRead: boolean;
  maxSessions: number;
  maxBodyBytes: number;
  defaultTopSize: number;
  cookieSameSite: "Strict" | "Lax" | "None";
  /** `undefined` means the demo model. */
  dataClasses: FourDDataClassDefinition[] | undefined;
}

/** The default users: an administrator who may update, and a user who may only read. */
const DEFAULT_FOURD_USERS: readonly Required<FourDMockUser>[] = [
  { name: "admin", password: "admin", canUpdate: true },
  { name: "reader", password: "reader", canUpdate: false },
];

/** Applies the documented defaults. */
function resolveFourDOptions(options: FourDMockOptions = {}): ResolvedFourDMockOptions {
  return {
    users: (options.users ?? DEFAULT_FOURD_USERS).map((user) => ({ ...user, canUpdate: user.canUpdate ?? true })),
    guestsMayRead: options.guestsMayRead ?? true,
    maxSessions: options.maxSessions ?? 100,
    maxBodyBytes: options.maxBodyBytes ?? 50 * 1024 * 1024,
    defaultTopSize: options.defaultTopSize ?? 100,
    cookieSameSite: options.cookieSameSite ?? "Lax",
    dataClasses: options.dataClasses,
  };
}

/** The mock's state that operations read and change. */
interface FourDState {
  store: FourDStore;
  uploads: UploadTable;
  sessions: SessionTable;
  options: ResolvedFourDMockOptions;
}

/** The implementations of the 4D REST operations, keyed by operationId. */
function fourDOperations(state: FourDState): Record<string, OperationImplementation<FourDPrincipal>> {
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
