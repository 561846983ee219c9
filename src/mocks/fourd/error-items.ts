import type { components } from "../../../generated/schema.ts";

/** One item of 4D's `__ERROR` array. */
export type FourDErrorItem = components["schemas"]["FourDErrorItem"];

// The database name that 4D's "Cannot save record" message names.
const DATABASE = "bytewire";

function item(errCode: number, message: string): FourDErrorItem {
  return { message, componentSignature: "dbmg", errCode };
}

/**
 * The error items the mock raises, with 4D's codes and, where 4D documents them, its messages. The codes marked as
 * assumptions in the document (1557, 1800, 1805, 1806, 1807) are its own choice for errors 4D documents no code for.
 */
export const fourDErrors = {
  stampChanged: (table: string, record: number): FourDErrorItem =>
    item(1263, `Given stamp does not match current one for record# ${record} of table ${table}`),
  cannotSaveRecord: (table: string, record: number): FourDErrorItem =>
    item(1046, `Cannot save record ${record} in table ${table} of database ${DATABASE}`),
  entityCannotBeSaved: (dataClass: string, key: number | string, reason?: string): FourDErrorItem =>
    item(1517, `The entity# ${key} in the "${dataClass}" dataclass cannot be saved${reason ? `: ${reason}` : ""}`),
  newEntityCannotBeSaved: (dataClass: string, reason?: string): FourDErrorItem =>
    item(1534, `The new entity of the "${dataClass}" dataclass cannot be saved${reason ? `: ${reason}` : ""}`),
  uploadNotFound: (id: string): FourDErrorItem => item(1517, `The upload ${id} does not exist or has expired`),
  entityNotFound: (dataClass: string, key: string): FourDErrorItem =>
    item(1542, `Cannot find entity with "${key}" key in the "${dataClass}" dataclass`),
  noReadPermission: (dataClass: string): FourDErrorItem =>
    item(1557, `No permission to read for dataClass ${dataClass}`),
  noUpdatePermission: (dataClass: string): FourDErrorItem =>
    item(1558, `No permission to update for dataClass ${dataClass}`),
  noUploadPermission: (): FourDErrorItem => item(1558, "No permission to upload files without a session"),
  valueFailsValidation: (message: string): FourDErrorItem => item(1569, message),
  entityFailsValidation: (): FourDErrorItem => item(1570, "Entity fails validation"),
  attributeNotFound: (attribute: string, dataClass: string): FourDErrorItem =>
    item(1500, `The "${attribute}" attribute cannot be found in The "${dataClass}" dataclass`),
  attributeListNotBuilt: (attribute: string, dataClass: string): FourDErrorItem =>
    item(1804, `Cannot completely build a list of attributes with "${attribute}" for the "${dataClass}" dataclass`),
  dataClassNotFound: (dataClass: string): FourDErrorItem =>
    item(1800, `The "${dataClass}" dataclass does not exist or is not exposed to REST`),
  noResource: (path: string): FourDErrorItem => item(1800, `No REST resource answers ${path}`),
  missingExpand: (): FourDErrorItem =>
    item(1805, "$expand must name the attribute to load when $binary or $imageformat is used"),
  badRequest: (message: string): FourDErrorItem => item(1806, message),
  noFreeSession: (): FourDErrorItem =>
    item(1807, "No session available: the maximum number of REST sessions is reached"),
} as const;
