import type { components } from "../../../generated/schema.ts";
import { isProblem } from "../runtime/types.ts";
import { isWriter, writeAccessProblem } from "./auth.ts";
import {
  alreadyExists,
  bodyDn,
  bodyObject,
  commitEntry,
  entryAnswer,
  type HdapContext,
  type HdapProblem,
  hdapProblem,
  jsonResponse,
  newRevision,
  noSuchEntry,
  queryFlag,
  requestDn,
} from "./common-rest.ts";
import { type Dn, dnKey, formatId, formatLdapDn, isBelow, leafRdn, parentDn, rebaseDn, sameDn } from "./dn.ts";
import { addRdnValues, EntryDraft, entryRulesProblem, rdnValue } from "./entry-draft.ts";
import { createChild } from "./entry-writes.ts";
import type { HdapState } from "./index.ts";
import { equalityKey } from "./matching.ts";
import { checkCredentials, generatePassword, isAccountDisabled, newPasswordProblem } from "./passwords.ts";
import { attributeType } from "./schema.ts";
import type { StoredEntry } from "./store.ts";

/*
 * `POST` with `_action`: authenticate, modifyPassword, resetPassword, accountUsability and rename, and the choice
 * between them and a create.
 */

type AccessToken = components["schemas"]["HdapAccessToken"];
type AccountUsability = components["schemas"]["HdapAccountUsability"];
type GeneratedPassword = components["schemas"]["HdapGeneratedPassword"];
type EmptyObject = components["schemas"]["HdapEmptyObject"];

const PASSWORD = attributeType("userPassword");

// The body of an action must be exactly these string fields (the document's schemas forbid other properties).
function stringFields<const Names extends string>(
  context: HdapContext,
  action: string,
  names: readonly Names[],
): Record<Names, string> | HdapProblem {
  const body = bodyObject(context, `_action=${action}`);
  if (isProblem(body)) {
    return body;
  }
  const keys = Object.keys(body);
  const valid =
    keys.length === names.length &&
    names.every((name) => typeof body[name] === "string" && body[name] !== "") &&
    keys.every((key) => (names as readonly string[]).includes(key));
  if (!valid) {
    const shape = names.map((name) => `"${name}": "..."`).join(", ");
    return hdapProblem(400, `The body of _action=${action} must be {${shape}}`);
  }
  return body as Record<Names, string>;
}

function emptyBody(context: HdapContext, action: string): HdapProblem | undefined {
  const body = bodyObject(context, `_action=${action}`);
  if (isProblem(body)) {
    return body;
  }
  return Object.keys(body).length === 0 ? undefined : hdapProblem(400, `The body of _action=${action} must be {}`);
}

function withPassword(state: HdapState, entry: StoredEntry, password: string): StoredEntry {
  const draft = new EntryDraft(entry.attributes);
  draft.set(PASSWORD, PASSWORD.name, [password]);
  return { ...entry, rev: newRevision(), attributes: draft.snapshot(), modifiedAt: state.clock() };
}

/**
 * `_action=authenticate`: checks `{password}` against the account at the path and answers a bearer JWT
 * (`sub` = the account's `_id`) that lasts the configured lifetime; `expires_in` is a string, as DS sends it. Any
 * failure, including an unknown account, is `401 Invalid Credentials`.
 */
async function authenticateAction(state: HdapState, context: HdapContext): Promise<Response | HdapProblem> {
  const body = stringFields(context, "authenticate", ["password"]);
  if (isProblem(body)) {
    return body;
  }
  const dn = requestDn(context);
  if (isProblem(dn)) {
    return dn;
  }
  const entry = state.store.get(dn);
  if (checkCredentials(state, entry, body.password) !== "valid" || !entry) {
    return hdapProblem(401, "Invalid Credentials");
  }
  const lifetime = state.options.tokenLifetimeSeconds;
  const issuedAt = Math.floor(state.clock() / 1000);
  const token: AccessToken = {
    access_token: await state.signer.sign({ sub: entry.id, iat: issuedAt, exp: issuedAt + lifetime }),
    token_type: "Bearer",
    expires_in: String(lifetime),
  };
  return jsonResponse(context.url, 200, token, { "cache-control": "no-store" });
}

/**
 * The account at the path, after the caller's right to act on it was checked: writers always, the account itself when
 * `allowSelf`; anyone else gets `403`, an anonymous caller `401`.
 */
function account(state: HdapState, context: HdapContext, allowSelf: boolean, what: string): StoredEntry | HdapProblem {
  const dn = requestDn(context);
  if (isProblem(dn)) {
    return dn;
  }
  const { principal } = context;
  const self = principal !== undefined && sameDn(principal.dn, dn);
  if (!isWriter(state, principal) && !(allowSelf && self)) {
    const rule = allowSelf ? "is only for the account itself and administrators" : "needs the password-reset privilege";
    return hdapProblem(
      principal === undefined ? 401 : 403,
      `Insufficient Access Rights: ${what} of ${formatLdapDn(dn)} ${rule}`,
    );
  }
  return state.store.get(dn) ?? noSuchEntry(dn);
}

/**
 * `_action=modifyPassword`: the account itself (or a writer) replaces its password after proving the old one; a
 * wrong old password is `401` (LDAP's invalidCredentials, as the REST to LDAP gateway maps it), a new password the
 * policy refuses `400`. Answers `{}`. DS requires HTTPS here; the mock, serving plain HTTP on localhost, does not.
 */
function modifyPasswordAction(state: HdapState, context: HdapContext): Response | HdapProblem {
  const entry = account(state, context, true, "Changing the password");
  if (isProblem(entry)) {
    return entry;
  }
  const body = stringFields(context, "modifyPassword", ["oldPassword", "newPassword"]);
  if (isProblem(body)) {
    return body;
  }
  if (!entry.attributes.get(PASSWORD.key)?.values.includes(body.oldPassword)) {
    return hdapProblem(401, "Invalid Credentials: the old password is wrong");
  }
  const problem = newPasswordProblem(state, body.newPassword, queryFlag(context, "passwordQualityAdvice"));
  if (problem) {
    return problem;
  }
  commitEntry(state, context, withPassword(state, entry, body.newPassword));
  if (!queryFlag(context, "dryRun")) {
    state.lockout.clear(dnKey(entry.dn));
  }
  const answer: EmptyObject = {};
  return jsonResponse(context.url, 200, answer);
}

/** `_action=resetPassword`: a writer (the password-reset privilege) sets a generated password, which also unlocks the account. */
function resetPasswordAction(state: HdapState, context: HdapContext): Response | HdapProblem {
  const entry = account(state, context, false, "Resetting the password");
  if (isProblem(entry)) {
    return entry;
  }
  const problem = emptyBody(context, "resetPassword");
  if (problem) {
    return problem;
  }
  const generated: GeneratedPassword = { generatedPassword: generatePassword(state) };
  commitEntry(state, context, withPassword(state, entry, generated.generatedPassword));
  if (!queryFlag(context, "dryRun")) {
    state.lockout.clear(dnKey(entry.dn));
  }
  return jsonResponse(context.url, 200, generated);
}

/**
 * `_action=accountUsability`: whether the account can authenticate now: `disabled` (`ds-pwp-account-disabled`),
 * `locked` with `unlockIn` after repeated wrong passwords, else `valid`. The mock has no password expiry, so
 * `passwordExpired` and `mustChangePassword` never occur. For the account itself or a writer.
 */
function accountUsabilityAction(state: HdapState, context: HdapContext): Response | HdapProblem {
  const entry = account(state, context, true, "Reading the account usability");
  if (isProblem(entry)) {
    return entry;
  }
  const problem = emptyBody(context, "accountUsability");
  if (problem) {
    return problem;
  }
  const unlockIn = state.lockout.unlockIn(dnKey(entry.dn), state.clock());
  const usability: AccountUsability = isAccountDisabled(entry)
    ? { status: "disabled" }
    : unlockIn !== undefined
      ? { status: "locked", unlockIn }
      : { status: "valid" };
  return jsonResponse(context.url, 200, usability);
}

function newIdOf(context: HdapContext): Dn | HdapProblem {
  const body = bodyObject(context, "_action=rename");
  if (isProblem(body)) {
    return body;
  }
  const newId = body["newId"];
  if (typeof newId !== "string" || Object.keys(body).length !== 1) {
    return hdapProblem(400, 'The body of _action=rename must be {"newId": "<HDAP identifier>"}');
  }
  return bodyDn(newId, "newId");
}

// LDAP modify DN: the new RDN's values join the entry; with deleteOldRdn the old RDN's values leave it.
function renamedAttributes(entry: StoredEntry, to: Dn, deleteOldRdn: boolean): EntryDraft | HdapProblem {
  const draft = new EntryDraft(entry.attributes);
  if (deleteOldRdn) {
    for (const ava of leafRdn(entry.dn).avas) {
      const type = attributeType(ava.type);
      const old = equalityKey(type, rdnValue(ava.type, ava.value));
      draft.set(
        type,
        ava.type,
        draft.values(type.key).filter((value) => equalityKey(type, value) !== old),
      );
    }
  }
  return addRdnValues(draft, to, "renamed") ?? entryRulesProblem(draft, to, "renamed") ?? draft;
}

/**
 * `_action=rename` (writers only): moves the entry and everything below it to `newId`, which may change the RDN, the
 * parent or both; `deleteOldRdn=true` drops the old RDN value. The new parent must exist (`404`), the new name must be
 * free (`412`), and an entry cannot move below itself (`400`). DN-valued attributes of other entries that pointed at
 * the old name (`manager`) keep the old value: DS updates them only with its referential integrity plugin.
 */
function renameAction(state: HdapState, context: HdapContext): Response | HdapProblem {
  const from = requestDn(context);
  if (isProblem(from)) {
    return from;
  }
  const denied = writeAccessProblem(state, context.principal, from, "renamed");
  if (denied) {
    return denied;
  }
  const entry = state.store.get(from);
  if (!entry) {
    return noSuchEntry(from);
  }
  const to = newIdOf(context);
  if (isProblem(to)) {
    return to;
  }
  if (isBelow(to, from)) {
    return hdapProblem(400, `Unwilling to Perform: Entry ${formatLdapDn(from)} cannot be moved below itself`);
  }
  const newParent = parentDn(to);
  if (!newParent || !state.store.get(newParent)) {
    return hdapProblem(
      404,
      `No Such Entry: Entry ${formatLdapDn(from)} cannot be renamed because the new parent ${newParent ? formatLdapDn(newParent) : "(none)"} does not exist`,
    );
  }
  if (!sameDn(to, from) && state.store.get(to)) {
    return alreadyExists(to);
  }
  const draft = renamedAttributes(entry, to, queryFlag(context, "deleteOldRdn"));
  if (isProblem(draft)) {
    return draft;
  }
  const now = state.clock();
  const renamed: StoredEntry = {
    ...entry,
    id: formatId(to),
    dn: to,
    rev: newRevision(),
    attributes: draft.snapshot(),
    modifiedAt: now,
  };
  const subtree = state.store.below(from);
  const moved = subtree.map((child): StoredEntry => {
    const dn = rebaseDn(child.dn, from, to);
    return { ...child, id: formatId(dn), dn, rev: newRevision(), modifiedAt: now };
  });
  if (!queryFlag(context, "dryRun")) {
    for (const old of [entry, ...subtree]) {
      state.store.delete(old.dn);
    }
    for (const updated of [renamed, ...moved]) {
      state.store.put(updated);
    }
  }
  return entryAnswer(state, context, renamed);
}

/**
 * `POST /hdap/{dnPath}` (hdapCreateOrAction): `_action` chooses. `create` (or none) makes a child of the entry in the
 * path; `authenticate`, `modifyPassword`, `resetPassword` and `accountUsability` act on the account in the path;
 * `rename` moves the entry. The dispatcher already refused any other `_action`.
 */
export function createOrAction(
  state: HdapState,
  context: HdapContext,
): Response | HdapProblem | Promise<Response | HdapProblem> {
  switch (context.query.get("_action") ?? "create") {
    case "authenticate":
      return authenticateAction(state, context);
    case "modifyPassword":
      return modifyPasswordAction(state, context);
    case "resetPassword":
      return resetPasswordAction(state, context);
    case "accountUsability":
      return accountUsabilityAction(state, context);
    case "rename":
      return renameAction(state, context);
    default:
      return createChild(state, context);
  }
}
