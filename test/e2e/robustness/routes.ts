import { bundledDocument, listOperations } from "bytewire/mocks";

const basic = (user: string, password: string) => ({ authorization: `Basic ${btoa(`${user}:${password}`)}` });

/** Credentials allowed to do everything on each API (4D's session is added per test, after a login). */
export const AUTH = {
  hdap: basic("dc=com/dc=example/ou=People/uid=kvaughan", "bribery"),
  cumulocity: basic("t100/admin", "admin"),
  pingone: { authorization: "Bearer demo-token" },
} as const;

const ENV = "/v1/environments/abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";

/** One concrete request per operation of the document: a path that exists in the demo data, and who may call it. */
export interface Route {
  operationId: string;
  method: string;
  path: string;
  api: "hdap" | "fourd" | "cumulocity" | "pingone";
  /** The media type of a valid body, for operations that take one. */
  bodyType?: string;
  /** The largest body the default mock accepts, for operations that take one. */
  limit?: number;
  /** The status of a body over the limit. */
  tooLarge?: number;
  /** What a valid body starts with, so that only the limit can stop an endless one. */
  bodyStart?: string;
}

const MiB = 1024 * 1024;

/** The body of HDAP's writes: JSON up to 5 MiB. */
const HDAP_JSON_BODY = {
  bodyType: "application/json",
  bodyStart: '{"description": "',
  limit: 5 * MiB,
  // HDAP's 413 means a query matched too many entries; a body it cannot take is Common REST's 400.
  tooLarge: 400,
} satisfies Partial<Route>;

export const ROUTES: Route[] = [
  { operationId: "hdapReadOrQuery", method: "GET", path: "/hdap/dc=com/dc=example/ou=People/uid=bjensen", api: "hdap" },
  {
    operationId: "hdapUpdateOrCreate",
    method: "PUT",
    path: "/hdap/dc=com/dc=example/ou=People/uid=bjensen",
    api: "hdap",
    ...HDAP_JSON_BODY,
  },
  {
    operationId: "hdapCreateOrAction",
    method: "POST",
    path: "/hdap/dc=com/dc=example/ou=People?_action=create",
    api: "hdap",
    ...HDAP_JSON_BODY,
  },
  {
    operationId: "hdapDeleteEntry",
    method: "DELETE",
    path: "/hdap/dc=com/dc=example/ou=People/uid=nobody",
    api: "hdap",
  },
  {
    operationId: "hdapPatchEntry",
    method: "PATCH",
    path: "/hdap/dc=com/dc=example/ou=People/uid=bjensen",
    api: "hdap",
    ...HDAP_JSON_BODY,
  },
  { operationId: "fourDListEntities", method: "GET", path: "/rest/Employee", api: "fourd" },
  {
    operationId: "fourDUpdateEntities",
    method: "POST",
    path: "/rest/Employee?$method=update",
    api: "fourd",
    bodyType: "application/json",
    bodyStart: '{"__KEY": "1", "lastName": "',
    limit: 50 * MiB,
    // 4D documents no 413: a body it cannot take is its 400.
    tooLarge: 400,
  },
  { operationId: "fourDGetEntity", method: "GET", path: "/rest/Employee(1)", api: "fourd" },
  {
    operationId: "fourDGetAttribute",
    method: "GET",
    path: "/rest/Employee(1)/photo?$imageformat=best&$expand=photo",
    api: "fourd",
  },
  {
    operationId: "fourDUpload",
    method: "POST",
    path: "/rest/$upload?$binary=true",
    api: "fourd",
    bodyType: "application/octet-stream",
    limit: 50 * MiB,
    tooLarge: 400,
  },
  { operationId: "fourDLogin", method: "POST", path: "/rest/$directory/login", api: "fourd" },
  { operationId: "fourDLogout", method: "GET", path: "/rest/$directory/logout", api: "fourd" },
  { operationId: "cumulocityListBinaries", method: "GET", path: "/inventory/binaries", api: "cumulocity" },
  {
    operationId: "cumulocityUploadBinary",
    method: "POST",
    path: "/inventory/binaries",
    api: "cumulocity",
    bodyType: "multipart/form-data; boundary=b",
    bodyStart:
      '--b\r\nContent-Disposition: form-data; name="object"\r\n\r\n{"name":"a","type":"b"}\r\n' +
      '--b\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\n',
    limit: 50 * MiB,
    tooLarge: 413,
  },
  { operationId: "cumulocityDownloadBinary", method: "GET", path: "/inventory/binaries/1", api: "cumulocity" },
  {
    operationId: "cumulocityReplaceBinary",
    method: "PUT",
    path: "/inventory/binaries/2",
    api: "cumulocity",
    bodyType: "application/octet-stream",
    limit: 50 * MiB,
    tooLarge: 413,
  },
  { operationId: "cumulocityDeleteBinary", method: "DELETE", path: "/inventory/binaries/3", api: "cumulocity" },
  {
    operationId: "pingOneCreateImage",
    method: "POST",
    path: `${ENV}/images`,
    api: "pingone",
    bodyType: "image/png",
    bodyStart: "\x89PNG\r\n\x1a\n",
    limit: 2 * MiB,
    // PingOne declares no 413: an image over its limit is its 400 INVALID_DATA (an assumption the document states).
    tooLarge: 400,
  },
  {
    operationId: "pingOneReadImage",
    method: "GET",
    path: `${ENV}/images/99b4c866-041f-4c04-b495-be764f14927f`,
    api: "pingone",
  },
  {
    operationId: "pingOneDeleteImage",
    method: "DELETE",
    path: `${ENV}/images/00000000-0000-4000-8000-000000000000`,
    api: "pingone",
  },
];

/** The operationIds of the document, to check that {@link ROUTES} covers every one. */
export const DOCUMENT_OPERATIONS: string[] = listOperations(bundledDocument).map(
  (entry) => entry.operation.operationId,
);

/** The error body each API answers with, by a field only that shape has. */
export const ERROR_SHAPE = {
  hdap: (body: Record<string, unknown>) => typeof body["code"] === "number" && typeof body["message"] === "string",
  fourd: (body: Record<string, unknown>) => Array.isArray(body["__ERROR"]),
  cumulocity: (body: Record<string, unknown>) => typeof body["error"] === "string" && "info" in body,
  pingone: (body: Record<string, unknown>) => typeof body["id"] === "string" && typeof body["code"] === "string",
} as const;
