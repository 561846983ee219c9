import type { components } from "../../../generated/schema.ts";
import type { MockContext, Problem } from "../runtime/types.ts";
import { collectionItemJson, entityJson, reducedEntityJson } from "./entity-json.ts";
import {
  attributeNotFound,
  badRequest,
  dataClassNotFound,
  entityNotFound,
  type FourDProblem,
  fourDErrors,
  fourDProblem,
  missingExpand,
} from "./errors.ts";
import type { ResolvedFourDMockOptions } from "./index.ts";
import { selectEntities } from "./selection.ts";
import type { FourDPrincipal } from "./sessions.ts";
import {
  type DataClassModel,
  type DataClassState,
  type FourDStore,
  isFile,
  type PictureMediaType,
  type StoredEntity,
} from "./store.ts";

/*
 * The reads: a list (a page of the selection, or one attribute's bytes), an entity, an attribute; with read access,
 * `$attributes`, `$expand` and the binary answer (`$binary`, `$imageformat`).
 */

/** The dataclass of the URL if it exists and the caller may read it (guests may, unless the options say otherwise). */
function readableDataClass(
  store: FourDStore,
  context: MockContext<FourDPrincipal>,
  guestsMayRead: boolean,
): DataClassState | FourDProblem {
  const name = context.params["dataClass"] ?? "";
  const state = store.dataClass(name);
  if (!state) {
    return dataClassNotFound(name);
  }
  if (context.principal === undefined && !guestsMayRead) {
    return fourDProblem(401, "unauthorized", [fourDErrors.noReadPermission(name)]);
  }
  return state;
}

/** The attributes `$attributes` asks for, `undefined` for all; an unknown one is 4D's 1500/1804 `404`. */
function selectedAttributes(query: URLSearchParams, model: DataClassModel): string[] | undefined | FourDProblem {
  const raw = query.get("$attributes");
  if (raw === null) {
    return undefined;
  }
  const names = raw
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  // Relation paths (`employer.name`) are not modelled: the mock's dataclasses have no relations.
  const unknown = names.find((name) => !model.attributes.has(name));
  return unknown === undefined ? names : attributeNotFound(unknown, model.name);
}

/** The attribute `$expand` names, after checking that the dataclass has it; `undefined` without `$expand`. */
function expandedAttribute(query: URLSearchParams, model: DataClassModel): string | undefined | FourDProblem {
  const expand = query.get("$expand");
  if (expand === null) {
    return undefined;
  }
  return model.attributes.has(expand) ? expand : attributeNotFound(expand, model.name);
}

type FourDNoImage = components["schemas"]["FourDNoImage"];

/** What `$imageformat` asks for: the stored format (`best`) or one picture type. */
type ImageFormat = "best" | PictureMediaType;

// The download types the document declares, with the extension of the attachment's file name.
const EXTENSIONS: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/gif": "gif",
  "image/tiff": "tiff",
  "application/pdf": "pdf",
  "application/octet-stream": "bin",
};

/**
 * Reads an `$imageformat` value in any of the forms the document lists (`PNG`, `png`, `.png`, `image/png`, `best`);
 * `undefined` for anything else. `JPG` is read as `JPEG`.
 */
function readImageFormat(value: string): ImageFormat | undefined {
  const name = value
    .toLowerCase()
    .replace(/^image\//, "")
    .replace(/^\./, "");
  if (name === "best") {
    return "best";
  }
  const type = { jpeg: "image/jpeg", jpg: "image/jpeg", png: "image/png", gif: "image/gif", tiff: "image/tiff" }[name];
  return type as PictureMediaType | undefined;
}

/** 4D's answer when there is nothing to download: `200` with the JSON empty object. */
function noImage(): Response {
  const body: FourDNoImage = {};
  return Response.json(body);
}

/**
 * The raw bytes of a picture or BLOB attribute, or the empty object `{}` when there is nothing to send: no entity, an
 * attribute that is neither a picture nor a BLOB, no value, an empty BLOB, or a picture not stored in the requested
 * format. The mock cannot transcode pictures, so it answers `{}` for another format, as 4D does for a format it
 * cannot produce. A BLOB is served with the type it was uploaded with, `application/octet-stream` when that type is
 * not one the document declares; `$imageformat` does not apply to it.
 */
function binaryAnswer(
  model: DataClassModel,
  entity: StoredEntity | undefined,
  attribute: string,
  format: ImageFormat,
): Response {
  const kind = model.attributes.get(attribute);
  const value = entity?.values.get(attribute);
  if (!isFile(value) || value.bytes.byteLength === 0 || (kind !== "picture" && kind !== "blob")) {
    return noImage();
  }
  if (kind === "picture" && format !== "best" && format !== value.mediaType) {
    return noImage();
  }
  const mediaType = EXTENSIONS[value.mediaType] === undefined ? "application/octet-stream" : value.mediaType;
  return new Response(new Uint8Array(value.bytes), {
    headers: {
      "content-type": mediaType,
      "content-length": String(value.bytes.byteLength),
      "content-disposition": `attachment; filename=${attribute}.${EXTENSIONS[mediaType] ?? "bin"}`,
    },
  });
}

type FourDEntityCollection = components["schemas"]["FourDEntityCollection"];

/**
 * `GET /rest/{dataClass}`: a page of the selection (`$filter`, `$params`, `$orderby`, `$skip`, `$top`/`$limit`,
 * `$attributes`), or with `$binary=true&$expand=<attribute>` the raw value of that attribute of the first entity of
 * the selection after `$skip` (the document's assumption), `{}` when there is none.
 */
export function listEntities(
  store: FourDStore,
  options: ResolvedFourDMockOptions,
  context: MockContext<FourDPrincipal>,
): Response | Problem {
  const state = readableDataClass(store, context, options.guestsMayRead);
  if ("kind" in state) {
    return state;
  }
  const { query } = context;
  const binary = query.get("$binary") === "true";
  const expand = expandedAttribute(query, state.model);
  if (typeof expand === "object") {
    return expand;
  }
  if (binary && expand === undefined) {
    return missingExpand();
  }
  const attributes = selectedAttributes(query, state.model);
  if (attributes !== undefined && !Array.isArray(attributes)) {
    return attributes;
  }
  const selection = selectEntities(state, query);
  if (!Array.isArray(selection)) {
    return selection;
  }
  const skip = Number(query.get("$skip") ?? 0);
  if (binary && expand !== undefined) {
    return binaryAnswer(state.model, selection[skip], expand, "best");
  }
  // `$top` wins when a client sends both it and its synonym `$limit`.
  const top = Number(query.get("$top") ?? query.get("$limit") ?? options.defaultTopSize);
  const page = selection.slice(skip, skip + top);
  const body: FourDEntityCollection = {
    __entityModel: state.model.name,
    __COUNT: selection.length,
    __SENT: page.length,
    __FIRST: skip,
    __ENTITIES: page.map((entity) => collectionItemJson(state.model, entity, attributes)),
  };
  return Response.json(body);
}

/** `GET /rest/{dataClass}({key})`: the entity, pictures and BLOBs deferred; `$attributes` narrows it. */
export function getEntity(
  store: FourDStore,
  options: ResolvedFourDMockOptions,
  context: MockContext<FourDPrincipal>,
): Response | Problem {
  const state = readableDataClass(store, context, options.guestsMayRead);
  if ("kind" in state) {
    return state;
  }
  // `$expand` on an entity URL is for relations, which the mock's dataclasses do not have; the name is still checked.
  const expand = expandedAttribute(context.query, state.model);
  if (typeof expand === "object") {
    return expand;
  }
  const attributes = selectedAttributes(context.query, state.model);
  if (attributes !== undefined && !Array.isArray(attributes)) {
    return attributes;
  }
  const key = context.params["key"] ?? "";
  const entity = store.find(state, key);
  return entity ? Response.json(entityJson(state.model, entity, attributes)) : entityNotFound(state.model.name, key);
}

/**
 * `GET /rest/{dataClass}({key})/{attribute}`. With `$binary=true` or `$imageformat` (and `$expand` repeating the
 * attribute), or with `$expand` alone (4D: `$expand` "expands an image to view it, a BLOB to save it"), the raw value
 * or `{}`; without any of them, the entity reduced to that attribute as JSON. `$version` is only a cache-buster.
 */
export function getAttribute(
  store: FourDStore,
  options: ResolvedFourDMockOptions,
  context: MockContext<FourDPrincipal>,
): Response | Problem {
  const state = readableDataClass(store, context, options.guestsMayRead);
  if ("kind" in state) {
    return state;
  }
  const { query } = context;
  const attribute = context.params["attribute"] ?? "";
  if (!state.model.attributes.has(attribute)) {
    return attributeNotFound(attribute, state.model.name);
  }
  const binary = query.get("$binary") === "true";
  const imageFormat = query.get("$imageformat");
  const expand = query.get("$expand");
  if ((binary || imageFormat !== null) && expand === null) {
    return missingExpand();
  }
  if (expand !== null && expand !== attribute) {
    return missingExpand();
  }
  let format: ImageFormat = "best";
  if (imageFormat !== null) {
    const read = readImageFormat(imageFormat);
    if (read === undefined) {
      return badRequest("$imageformat must be best, GIF, PNG, JPEG or TIFF (or .png, image/png...)");
    }
    format = read;
  }
  const key = context.params["key"] ?? "";
  const entity = store.find(state, key);
  if (!entity) {
    return entityNotFound(state.model.name, key);
  }
  return expand === null
    ? Response.json(reducedEntityJson(state.model, entity, attribute))
    : binaryAnswer(state.model, entity, attribute, format);
}
