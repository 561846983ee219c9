import type { ApiMock } from "../runtime/types.ts";
import { authenticateCumulocity, type CumulocityPrincipal } from "./auth.ts";
import { seedCumulocityDemo } from "./demo-data.ts";
import { renderCumulocityProblem } from "./errors.ts";
import { cumulocityOperations } from "./operations.ts";
import { type CumulocityMockOptions, resolveCumulocityOptions } from "./options.ts";
import { CumulocityStore } from "./store.ts";

export type { CumulocityPrincipal } from "./auth.ts";
export type { CumulocityMockOptions, CumulocityMockUser, CumulocityRole } from "./options.ts";

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
