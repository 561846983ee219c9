import type { ApiMock } from "../runtime/types.ts";
import { authenticateCumulocity, type CumulocityPrincipal } from "./auth.ts";
import { cumulocityOperations } from "./operations.ts";
import { renderCumulocityProblem } from "./responses.ts";
import { CumulocityStore, seedCumulocityDemo } from "./store.ts";

export type { CumulocityPrincipal } from "./auth.ts";

/*
 * The Cumulocity binaries mock: its options (tenant, users, limits, demo files) and the factory.
 */

/** Inventory roles the mock understands; the `ROLE_BINARY_*` ones are what newer servers add. */
export type CumulocityRole =
  | "ROLE_INVENTORY_READ"
  | "ROLE_INVENTORY_CREATE"
  | "ROLE_INVENTORY_ADMIN"
  | "ROLE_BINARY_READ"
  | "ROLE_BINARY_CREATE"
  | "ROLE_BINARY_ADMIN";

/** A user of the mocked tenant. */
export interface CumulocityMockUser {
  /** User name, as in `<tenant>/<name>:<password>` and in a binary's `owner`. */
  name: string;
  /** Password for HTTP Basic. */
  password: string;
  /** Global roles: `*_READ` lists and downloads every binary, `*_CREATE` uploads, `*_ADMIN` does everything. */
  roles: CumulocityRole[];
  /** Bearer tokens that stand for this user (`Authorization: Bearer <token>`). @default [] */
  tokens?: string[];
}

/** Demo data, credentials and limits of the Cumulocity binaries mock. Every field has a documented default. */
export interface CumulocityMockOptions {
  /** The tenant ID, the `t100` of `t100/admin:admin`. @default "t100" */
  tenant?: string;
  /**
   * The tenant's users.
   * @default admin/admin (ROLE_INVENTORY_ADMIN, bearer token "admin-token") and reader/reader (ROLE_INVENTORY_READ,
   * bearer token "reader-token")
   */
  users?: CumulocityMockUser[];
  /**
   * Host names that are the tenant's own domain, where a Basic user name may leave out `<tenant>/` (`admin:admin`).
   * A host whose first label is the tenant ID (`t100.cumulocity.com`, `t100.localhost`) always is; on any other host
   * the tenant is required and `admin:admin` gets `401`. The mock's own origin stands for the tenant's domain.
   * @default ["localhost", "127.0.0.1", "[::1]"]
   */
  tenantDomains?: string[];
  /**
   * Largest request body in bytes (the whole multipart body of an upload, the raw body of a replacement); larger
   * bodies get `413 general/requestEntityTooLarge`. Cumulocity documents no limit, so this one is the mock's own.
   * @default 52428800 (50 MiB)
   */
  maxUploadBytes?: number;
  /**
   * Store the document's example files, owned by `admin`: binary `1` (`my_picture.png`, `image/png`, 176 bytes) and
   * binary `2` (`my_compressed_file.zip`, `application/zip`, 171 bytes). Uploads get the next IDs (`3`, `4`, ...).
   * @default true
   */
  demoBinaries?: boolean;
}

/** The options with their defaults applied. */
export type ResolvedCumulocityMockOptions = Required<CumulocityMockOptions>;

/** The default users: an inventory admin and a read-only user, each with a password and a bearer token. */
const DEFAULT_CUMULOCITY_USERS: readonly CumulocityMockUser[] = [
  { name: "admin", password: "admin", roles: ["ROLE_INVENTORY_ADMIN"], tokens: ["admin-token"] },
  { name: "reader", password: "reader", roles: ["ROLE_INVENTORY_READ"], tokens: ["reader-token"] },
];

/** Applies the documented defaults. */
function resolveCumulocityOptions(options: CumulocityMockOptions = {}): ResolvedCumulocityMockOptions {
  return {
    tenant: options.tenant ?? "t100",
    users: options.users ?? DEFAULT_CUMULOCITY_USERS.map((user) => ({ ...user, roles: [...user.roles] })),
    tenantDomains: (options.tenantDomains ?? ["localhost", "127.0.0.1", "[::1]"]).map((host) => host.toLowerCase()),
    maxUploadBytes: options.maxUploadBytes ?? 50 * 1024 * 1024,
    demoBinaries: options.demoBinaries ?? true,
  };
}

/**
 * The Cumulocity inventory binaries mock: multipart uploads, paged lists, ranged downloads, raw replacements and
 * deletes on tenant `t100`, with Basic and bearer logins, inventory roles and Cumulocity's `{error, message, info}`
 * bodies.
 */
export function createCumulocityMock(
  options: CumulocityMockOptions = {},
  clock: () => number = Date.now,
): ApiMock<CumulocityPrincipal> {
  const resolved = resolveCumulocityOptions(options);
  const store = new CumulocityStore();
  const seed = () => {
    store.clear();
    if (resolved.demoBinaries) {
      seedCumulocityDemo(store, "admin");
    }
  };
  seed();

  return {
    name: "cumulocity",
    tag: "Cumulocity binaries",
    operations: cumulocityOperations(store, clock),
    authenticate: (context) => authenticateCumulocity(context.headers, context.url, resolved),
    renderProblem: renderCumulocityProblem,
    maxBodyBytes: resolved.maxUploadBytes,
    pathPrefixes: ["/inventory/"],
    reset: seed,
  };
}
