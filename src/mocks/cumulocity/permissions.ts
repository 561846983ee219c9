import type { CumulocityPrincipal } from "./auth.ts";
import type { CumulocityRole } from "./options.ts";

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
