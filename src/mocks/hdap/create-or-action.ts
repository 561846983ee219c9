import { isProblem } from "../runtime/types.ts";
import {
  accountUsabilityAction,
  authenticateAction,
  modifyPasswordAction,
  resetPasswordAction,
} from "./account-actions.ts";
import { attributeType } from "./attribute-types.ts";
import { createEntry } from "./create-entry.ts";
import { childDn, type Dn, formatLdapDn, parentDn, rdnOf, sameDn } from "./dn.ts";
import { type HdapProblem, hdapProblem } from "./errors.ts";
import { renameAction } from "./rename-entry.ts";
import { bodyDn, bodyObject, type HdapContext, requestDn } from "./request-parts.ts";
import type { HdapState } from "./state.ts";

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

function createChild(state: HdapState, context: HdapContext): Response | HdapProblem {
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
