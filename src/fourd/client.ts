import type { Client } from "openapi-fetch";
import type { Download } from "../binary/download.ts";
import { InvalidInputError } from "../binary/invalid-input-error.ts";
import type { UploadInput } from "../binary/upload-input.ts";
import { callInit } from "../core/call-init.ts";
import { type ClientOptions, createApiClient } from "../core/client.ts";
import { ApiError } from "../core/errors.ts";
import type { FourDContext } from "./context.ts";
import { downloadAttribute, downloadFromSelection, type FourDSelectionAttribute } from "./download.ts";
import { getEntity, listEntities } from "./entities.ts";
import { describeFourDError } from "./errors.ts";
import type {
  FourDDownloadOptions,
  FourDGetEntityOptions,
  FourDListOptions,
  FourDRequestOptions,
  FourDUploadOptions,
  FourDUploadToAttributeOptions,
} from "./request-options.ts";
import { FourDSession } from "./session.ts";
import type {
  FourDAttributeRef,
  FourDEntity,
  FourDEntityCollection,
  FourDEntityRef,
  FourDPaths,
  FourDUpdatedEntity,
} from "./types.ts";
import { upload, uploadToAttribute } from "./upload.ts";

/** Options of {@link createFourDClient}. */
export interface FourDClientOptions extends ClientOptions {
  /**
   * The server root; calls add `/rest/...`.
   * @example "https://4d.example.com"
   */
  baseUrl: string;
  /**
   * A 4D REST user (`username-4D`). With a password, the client logs in before its first request and again when 4D
   * answers 401 (an expired session); without, it reads as a guest where the project allows it.
   */
  username?: string | undefined;
  /** The user's password (`password-4D`); never logged or quoted in errors. */
  password?: string | undefined;
  /** Minutes of inactivity before 4D closes the session (`session-4D-length`, at least 60). @default 4D's 60 */
  sessionLength?: number | undefined;
}

/** A 4D REST client; see {@link createFourDClient}. */
export interface FourDClient {
  /** The server root the client sends to. */
  readonly baseUrl: string;
  /**
   * Opens a session (`$directory/login`); calls do it by themselves when the client has credentials.
   *
   * @throws {InvalidInputError} `MISSING_CREDENTIALS` when the client has no username and password
   * @throws {ApiError} code `LOGIN_REFUSED` (status `200`: 4D answers `{"result": false}`) for wrong credentials,
   * `402` when 4D has no session left
   * @example
   * await fourd.login();
   */
  login(options?: FourDRequestOptions): Promise<void>;
  /**
   * Closes the session (`$directory/logout`), which frees its licence; resolves to whether one was open.
   * @example
   * await fourd.logout();
   */
  logout(options?: FourDRequestOptions): Promise<boolean>;
  /**
   * Downloads one entity's picture or BLOB: `GET /rest/User(5)/profilePicture?$binary=true&$expand=profilePicture`
   * (with `imageFormat`, `$imageformat` instead of `$binary`). Resolves to `null` when the entity has none (4D
   * answers `{}`). The body is not read until you read it.
   *
   * @throws {ApiError} 4D's `__ERROR`: code `"1800"` unknown dataclass, `"1542"` unknown entity, `"1801"` unknown attribute...
   * @example
   * const picture = await fourd.downloadAttribute({ dataClass: "User", key: 5, attribute: "profilePicture" });
   * await picture?.saveTo("./profile.jpg");
   */
  downloadAttribute(ref: FourDAttributeRef, options?: FourDDownloadOptions): Promise<Download | null>;
  /**
   * Downloads the picture or BLOB of the first entity of a filtered, sorted selection (the seed's
   * `GET /rest/User?$filter="department='HR'"&$binary=true&$expand=profilePicture`). `null` when it has none.
   *
   * @example
   * const first = await fourd.downloadFromSelection({
   *   dataClass: "User", attribute: "profilePicture", filter: fourDFilter`department = ${"HR"}`, orderBy: "lastName asc",
   * });
   */
  downloadFromSelection(selection: FourDSelectionAttribute, options?: FourDDownloadOptions): Promise<Download | null>;
  /**
   * Sends a file to `$upload` and returns its ID, for a `$method=update` of your own (see `uploadToAttribute`).
   * @example
   * const id = await fourd.upload(pdfBlob, { kind: "blob" });
   */
  upload(input: UploadInput, options?: FourDUploadOptions): Promise<string>;
  /**
   * Fills a picture or BLOB attribute: `$upload`, then `$method=update` with `__KEY`, `__STAMP` and the upload's ID.
   * Resolves to the saved entity (its new `__STAMP`).
   *
   * @throws {ApiError} when 4D saved nothing: the entity's `__ERROR` code, `"1263"` for a stale `stamp`
   * @example
   * const saved = await fourd.uploadToAttribute({ dataClass: "User", key: 5, attribute: "profilePicture" }, file);
   */
  uploadToAttribute(
    ref: FourDAttributeRef,
    input: UploadInput,
    options?: FourDUploadToAttributeOptions,
  ): Promise<FourDUpdatedEntity>;
  /**
   * Reads one entity; keep its `__STAMP` to update it.
   * @example
   * const { __STAMP, firstName } = await fourd.getEntity({ dataClass: "User", key: 5 });
   */
  getEntity(ref: FourDEntityRef, options?: FourDGetEntityOptions): Promise<FourDEntity>;
  /**
   * Reads a page of a dataclass, filtered and sorted.
   * @example
   * const page = await fourd.listEntities("User", { filter: fourDFilter`department = ${"HR"}`, top: 10 });
   */
  listEntities(dataClass: string, options?: FourDListOptions): Promise<FourDEntityCollection>;
  /**
   * The typed openapi-fetch client on the same transport and session. Query parameters keep 4D's names
   * (`query: { $filter: '"department=HR"' }`, outer double quotes included); an upload must set `Content-Type`.
   */
  readonly raw: Client<FourDPaths>;
}

/**
 * Creates a client for 4D REST: download and upload pictures and BLOBs, read entities and selections, with the
 * session cookie kept for you (a cookie jar of one in Node, Bun and Deno; the browser's own with
 * `credentials: "include"`), and 4D's `__ERROR` turned into {@link ApiError}s.
 *
 * @example
 * const fourd = createFourDClient({ baseUrl: "http://localhost:4010", username: "admin", password: "admin" });
 * const picture = await fourd.downloadAttribute({ dataClass: "User", key: 5, attribute: "profilePicture" });
 * const bytes = await picture?.bytes();
 */
export function createFourDClient(options: FourDClientOptions): FourDClient {
  const { username, password, sessionLength, ...clientOptions } = options;
  const baseUrl = options.baseUrl;
  const core = createApiClient<FourDPaths>("fourd", clientOptions, {
    describeError: describeFourDError,
    credentials: "include",
    headers: { Accept: "application/json" },
  });
  const hasCredentials = username !== undefined && password !== undefined;
  if (password !== undefined) {
    core.redactor.add(password);
  }

  const sendLogin = async (callOptions: FourDRequestOptions = {}): Promise<Headers> => {
    if (username === undefined || password === undefined) {
      throw new InvalidInputError(
        "MISSING_CREDENTIALS",
        "createFourDClient() was given no username and password, so it cannot log in.",
      );
    }
    const result = await core.raw.POST("/rest/$directory/login", {
      params: {
        header: {
          "username-4D": username,
          "password-4D": password,
          ...(sessionLength === undefined ? {} : { "session-4D-length": sessionLength }),
        },
      },
      ...callInit(core, callOptions),
    });
    const answer = core.expectData(result);
    if (!answer.result) {
      throw new ApiError({
        api: "fourd",
        status: result.response.status,
        code: "LOGIN_REFUSED",
        apiMessage: '4D refused the user name or password ({"result": false})',
        body: answer,
        method: "POST",
        url: result.response.url,
        headers: result.response.headers,
        redactor: core.redactor,
      });
    }
    return result.response.headers;
  };

  const session = new FourDSession(() => sendLogin(), core.redactor, hasCredentials);
  core.raw.use(session.middleware());
  const context: FourDContext = { core, baseUrl, session, signal: clientOptions.signal };

  return {
    baseUrl,
    login: (callOptions) => session.login(() => sendLogin(callOptions)),
    logout: async (callOptions = {}) => {
      const result = await core.raw.GET("/rest/$directory/logout", {
        ...callInit(core, callOptions),
      });
      const answer = core.expectData(result);
      session.forget();
      return answer.result;
    },
    downloadAttribute: (ref, callOptions) => downloadAttribute(context, ref, callOptions),
    downloadFromSelection: (selection, callOptions) => downloadFromSelection(context, selection, callOptions),
    upload: (input, callOptions) => upload(context, input, callOptions),
    uploadToAttribute: (ref, input, callOptions) => uploadToAttribute(context, ref, input, callOptions),
    getEntity: (ref, callOptions) => getEntity(context, ref, callOptions),
    listEntities: (dataClass, callOptions) => listEntities(context, dataClass, callOptions),
    raw: core.raw,
  };
}
