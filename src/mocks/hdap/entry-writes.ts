import { isProblem } from "../runtime/types.ts";
import { writeAccessProblem } from "./auth.ts";
import {
  alreadyExists,
  bodyDn,
  bodyObject,
  commitEntry,
  entryAnswer,
  entryLocation,
  type HdapContext,
  type HdapProblem,
  hdapProblem,
  ifMatchProblem,
  newRevision,
  noSuchEntry,
  queryFlag,
  requestDn,
} from "./common-rest.ts";
import { childDn, type Dn, formatId, formatLdapDn, parentDn, rdnOf, sameDn } from "./dn.ts";
import { addRdnValues, applyEntryFields, EntryDraft, entryRulesProblem, type WriteContext } from "./entry-draft.ts";
import type { HdapState } from "./index.ts";
import { attributeType } from "./schema.ts";
import type { StoredEntry } from "./store.ts";

/*
 * Writes of one entry: `PUT` (update or create), `POST` create, and `DELETE`.
 */

/**
 * Builds a new entry from a create body: its attributes, the RDN's values added when missing, then the schema checks.
 * The `_id` is the DN's identifier as written (its case and escapes echoed).
 */
export function buildNewEntry(
  context: WriteContext,
  dn: Dn,
  body: Record<string, unknown>,
  rev: string = newRevision(),
): StoredEntry | HdapProblem {
  const draft = new EntryDraft();
  const problem =
    applyEntryFields(context, draft, body) ?? addRdnValues(draft, dn) ?? entryRulesProblem(draft, dn, "added");
  if (problem) {
    return problem;
  }
  const now = context.state.clock();
  return {
    id: formatId(dn),
    dn,
    rev,
    attributes: draft.snapshot(),
    uuid: crypto.randomUUID(),
    createdAt: now,
    modifiedAt: now,
  };
}

/**
 * Creates the entry `dn` for `PUT` (upsert or `If-None-Match: *`) and `POST` create: writers only, the parent must
 * exist (`404` otherwise, the document's assumption), an existing entry gives `412`. Answers `201` with the entry
 * and its `Location`.
 */
function createEntry(
  state: HdapState,
  context: HdapContext,
  dn: Dn,
  body: Record<string, unknown>,
): Response | HdapProblem {
  const denied = writeAccessProblem(state, context.principal, dn, "added");
  if (denied) {
    return denied;
  }
  const parent = parentDn(dn);
  if (!parent || !state.store.get(parent)) {
    return hdapProblem(
      404,
      `No Such Entry: The entry ${formatLdapDn(dn)} cannot be added because its parent entry ${parent ? formatLdapDn(parent) : "(none)"} does not exist`,
    );
  }
  if (state.store.get(dn)) {
    return alreadyExists(dn);
  }
  const writeContext = { state, passwordQualityAdvice: queryFlag(context, "passwordQualityAdvice") };
  const entry = buildNewEntry(writeContext, dn, body);
  if (isProblem(entry)) {
    return entry;
  }
  commitEntry(state, context, entry);
  return entryAnswer(state, context, entry, 201, { location: entryLocation(context, entry) });
}

// Without `_id`, the new entry is named by the first of these attributes the body has (`uid` for people, `cn` for
// groups, ...). Ping says HDAP builds `_id` from the parent path and "the RDN attribute" without naming the choice;
// this order is the mock's assumption.
const NAMING_ATTRIBUTES = ["uid", "cn", "ou", "dc", "o", "l"];

function namingValue(raw: unknown): string | undefined | "ambiguous" {
  if (typeof raw === "string") {
    return raw;
  }
  if (Array.isArray(raw) && raw.length > 0) {
    return raw.length === 1 && typeof raw[0] === "string" ? raw[0] : "ambiguous";
  }
  return undefined;
}

// The DN of the entry a POST create makes below `parent`: the body's `_id`, which must be a child of the path, or the
// parent plus an RDN from the naming attribute.
function newChildDn(parent: Dn, body: Record<string, unknown>): Dn | HdapProblem {
  const id = body["_id"];
  if (typeof id === "string") {
    const dn = bodyDn(id, "_id");
    if (isProblem(dn)) {
      return dn;
    }
    const actualParent = parentDn(dn);
    return actualParent && sameDn(actualParent, parent)
      ? dn
      : hdapProblem(400, "The _id of a new entry must name a child of the entry in the URL (POST to the parent)");
  }
  for (const attribute of NAMING_ATTRIBUTES) {
    const key = attributeType(attribute).key;
    const name = Object.keys(body).find((field) => attributeType(field).key === key);
    const value = name === undefined ? undefined : namingValue(body[name]);
    if (value === "ambiguous") {
      return hdapProblem(400, `The new entry has several values of ${attribute}; give its _id to say which names it`);
    }
    if (value !== undefined && value.trim() !== "") {
      return childDn(parent, rdnOf(attribute, value));
    }
  }
  return hdapProblem(400, "Resources cannot be created without a client provided resource ID: give _id or a uid or cn");
}

/** `POST /hdap/{dnPath}` without `_action` (or `_action=create`): makes a child of the entry in the path. */
export function createChild(state: HdapState, context: HdapContext): Response | HdapProblem {
  const parent = requestDn(context);
  if (isProblem(parent)) {
    return parent;
  }
  if (context.principal === undefined) {
    return hdapProblem(
      401,
      `Insufficient Access Rights: Entries cannot be added below ${formatLdapDn(parent)} due to insufficient access rights`,
    );
  }
  const body = bodyObject(context, "POST create");
  if (isProblem(body)) {
    return body;
  }
  const dn = newChildDn(parent, body);
  return isProblem(dn) ? dn : createEntry(state, context, dn, body);
}

/**
 * `PUT /hdap/{dnPath}` (hdapUpdateOrCreate). On an existing entry it merges: each field of the body replaces that
 * attribute's values and the others keep theirs; the answer is `200` with a new `_rev`. On a missing entry it creates
 * it (an upsert, `201` + `Location`). `If-None-Match: *` only creates (`412` if the entry exists); `If-Match` only
 * updates the listed revision (`412` otherwise). Anonymous callers get `401`, accounts other than the entry's own and
 * the writers `403`.
 */
export function updateOrCreate(state: HdapState, context: HdapContext): Response | HdapProblem {
  const dn = requestDn(context);
  if (isProblem(dn)) {
    return dn;
  }
  const body = bodyObject(context, "PUT");
  if (isProblem(body)) {
    return body;
  }
  if (typeof body["_id"] === "string") {
    const named = bodyDn(body["_id"], "_id");
    if (isProblem(named)) {
      return named;
    }
    if (!sameDn(named, dn)) {
      return hdapProblem(400, "The _id in the body names another entry than the URL; leave _id out of an update");
    }
  }
  const existing = state.store.get(dn);
  const denied = writeAccessProblem(state, context.principal, dn, existing ? "modified" : "added");
  if (denied) {
    return denied;
  }
  if (!existing) {
    return ifMatchProblem(context.headers, existing, dn) ?? createEntry(state, context, dn, body);
  }
  if (context.headers.get("if-none-match") === "*") {
    return alreadyExists(dn);
  }
  const precondition = ifMatchProblem(context.headers, existing, dn);
  if (precondition) {
    return precondition;
  }
  const draft = new EntryDraft(existing.attributes);
  const writeContext = { state, passwordQualityAdvice: queryFlag(context, "passwordQualityAdvice") };
  const problem = applyEntryFields(writeContext, draft, body) ?? entryRulesProblem(draft, dn, "modified");
  if (problem) {
    return problem;
  }
  const updated = { ...existing, rev: newRevision(), attributes: draft.snapshot(), modifiedAt: state.clock() };
  commitEntry(state, context, updated);
  return entryAnswer(state, context, updated);
}

/**
 * `DELETE /hdap/{dnPath}` (hdapDeleteEntry): removes the entry and answers it as it was (`200`, not `204`). An entry
 * with children needs `subtreeDelete=true`, which removes them too; without it the answer is `400` (the document's
 * assumption, from the REST to LDAP gateway's mapping of LDAP's notAllowedOnNonLeaf).
 */
export function deleteEntry(state: HdapState, context: HdapContext): Response | HdapProblem {
  const dn = requestDn(context);
  if (isProblem(dn)) {
    return dn;
  }
  const denied = writeAccessProblem(state, context.principal, dn, "deleted");
  if (denied) {
    return denied;
  }
  const entry = state.store.get(dn);
  if (!entry) {
    return noSuchEntry(dn);
  }
  const precondition = ifMatchProblem(context.headers, entry, dn);
  if (precondition) {
    return precondition;
  }
  const below = state.store.below(dn);
  if (below.length > 0 && !queryFlag(context, "subtreeDelete")) {
    return hdapProblem(
      400,
      `Not Allowed on Nonleaf: Entry ${formatLdapDn(dn)} cannot be deleted because it has ${below.length} subordinate entries; add subtreeDelete=true to delete them too`,
    );
  }
  // The answer shows the entry as it was, so it is rendered before the entry goes.
  const answer = entryAnswer(state, context, entry);
  if (!queryFlag(context, "dryRun")) {
    for (const gone of [...below, entry]) {
      state.store.delete(gone.dn);
    }
  }
  return answer;
}
