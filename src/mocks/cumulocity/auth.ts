import type { AuthResult, Problem } from "../runtime/types.ts";
import type { CumulocityRole, ResolvedCumulocityMockOptions } from "./index.ts";

/*
 * Who calls (a Basic or bearer login on the tenant) and what the inventory roles let them do.
 */

/** A caller of the Cumulocity mock: the tenant user it authenticated as, and that user's roles. */
export interface CumulocityPrincipal {
  tenant: string;
  /** The user name, without the tenant; what `owner` records. */
  user: string;
  roles: readonly CumulocityRole[];
}

// Cumulocity's own message for a failed login, whatever failed: it does not say which part was wrong.
const BAD_CREDENTIALS: Problem = {
  status: 401,
  kind: "unauthorized",
  message: "Invalid credentials! : Bad credentials",
};

function decodeBasic(encoded: string): { userName: string; password: string } | undefined {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(
      Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0)),
    );
  } catch {
    return undefined;
  }
  const colon = text.indexOf(":");
  return colon === -1 ? undefined : { userName: text.slice(0, colon), password: text.slice(colon + 1) };
}

// Cumulocity names tenant domains `<tenant>.<instance>`; the configured hosts stand for custom domains.
function isTenantDomain(hostname: string, options: ResolvedCumulocityMockOptions): boolean {
  const host = hostname.toLowerCase();
  return options.tenantDomains.includes(host) || host.split(".")[0] === options.tenant.toLowerCase();
}

/**
 * Reads `Authorization: Basic` (`<tenant>/<user>:<password>`, or `<user>:<password>` on the tenant's own domain) or
 * `Authorization: Bearer <token>`. No header means an anonymous caller, which the dispatcher refuses with `401`.
 */
export function authenticateCumulocity(
  headers: Headers,
  url: URL,
  options: ResolvedCumulocityMockOptions,
): AuthResult<CumulocityPrincipal> {
  const authorization = headers.get("authorization");
  if (authorization === null) {
    return { principal: undefined };
  }
  const [, scheme = "", credentials = ""] = /^(\S+)\s+(\S+)\s*$/.exec(authorization) ?? [];
  if (scheme.toLowerCase() === "bearer") {
    const user = options.users.find((candidate) => candidate.tokens?.includes(credentials));
    return user
      ? { principal: { tenant: options.tenant, user: user.name, roles: user.roles } }
      : { problem: BAD_CREDENTIALS };
  }
  if (scheme.toLowerCase() !== "basic") {
    return { problem: BAD_CREDENTIALS };
  }
  const basic = decodeBasic(credentials);
  if (!basic) {
    return { problem: BAD_CREDENTIALS };
  }
  const slash = basic.userName.indexOf("/");
  const tenant = slash === -1 ? undefined : basic.userName.slice(0, slash);
  const name = slash === -1 ? basic.userName : basic.userName.slice(slash + 1);
  if (tenant === undefined ? !isTenantDomain(url.hostname, options) : tenant !== options.tenant) {
    return { problem: BAD_CREDENTIALS };
  }
  const user = options.users.find((candidate) => candidate.name === name);
  if (!user || user.password !== basic.password) {
    return { problem: BAD_CREDENTIALS };
  }
  return { principal: { tenant: options.tenant, user: user.name, roles: user.roles } };
}

const READ: readonly CumulocityRole[] = [
  "ROLE_INVENTORY_READ",
  "ROLE_INVENTORY_ADMIN",
  "ROLE_BINARY_READ",
  "ROLE_BINARY_ADMIN",
];
const CREATE: readonly CumulocityRole[] = [
  "ROLE_INVENTORY_CREATE",
  "ROLE_INVENTORY_ADMIN",
  "ROLE_BINARY_CREATE",
  "ROLE_BINARY_ADMIN",
];
const ADMIN: readonly CumulocityRole[] = ["ROLE_INVENTORY_ADMIN", "ROLE_BINARY_ADMIN"];

function hasAny(principal: CumulocityPrincipal, roles: readonly CumulocityRole[]): boolean {
  return principal.roles.some((role) => roles.includes(role));
}

// Assumption: an *_ADMIN role also reads (on real tenants the admin group holds READ as well).
/** Sees every binary: `ROLE_INVENTORY_READ`, `ROLE_BINARY_READ` or an admin role. Others see only their own. */
export function canReadAll(principal: CumulocityPrincipal): boolean {
  return hasAny(principal, READ);
}

/** May download this binary: a read role, or ownership. */
export function canRead(principal: CumulocityPrincipal, owner: string): boolean {
  return canReadAll(principal) || principal.user === owner;
}

/** May upload: `ROLE_INVENTORY_CREATE`, `ROLE_BINARY_CREATE` or an admin role. */
export function canCreate(principal: CumulocityPrincipal): boolean {
  return hasAny(principal, CREATE);
}

/** May replace or delete this binary: an admin role, or ownership. */
export function canAdminister(principal: CumulocityPrincipal, owner: string): boolean {
  return hasAny(principal, ADMIN) || principal.user === owner;
}
