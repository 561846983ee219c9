import type { ApiMock, OperationImplementation } from "../runtime/types.ts";
import { authenticatePingOne, type PingOnePrincipal } from "./auth.ts";
import { seedPingOneDemo } from "./demo-data.ts";
import { renderPingOneProblem } from "./errors.ts";
import { pingOneOperations } from "./operations.ts";
import { type PingOneMockOptions, resolvePingOneOptions } from "./options.ts";
import { RateLimiter } from "./rate-limit.ts";
import { PingOneStore } from "./store.ts";

export type { PingOnePrincipal } from "./auth.ts";
export type { PingOneMockOptions } from "./options.ts";

/** The PingOne images mock: raw image uploads sniffed for type and size, bearer tokens, `P1Error` bodies. */
export function createPingOneMock(
  options: PingOneMockOptions = {},
  clock: () => number = Date.now,
): ApiMock<PingOnePrincipal> {
  const resolved = resolvePingOneOptions(options);
  const store = new PingOneStore(resolved.environments);
  const limiter = resolved.rateLimit && new RateLimiter(resolved.rateLimit);
  const seed = () => {
    store.clear();
    limiter?.reset();
    const [first] = resolved.environments;
    if (resolved.demoImages && first !== undefined) {
      seedPingOneDemo(store, first, clock());
    }
  };
  seed();

  const limited =
    (implementation: OperationImplementation<PingOnePrincipal>): OperationImplementation<PingOnePrincipal> =>
    (context) => {
      const retryAfter = limiter?.take(context.now());
      if (retryAfter === undefined) {
        return implementation(context);
      }
      return {
        status: 429,
        kind: "too-many-requests",
        message: "The request could not be completed. Too many requests were made.",
        headers: { "retry-after": String(retryAfter) },
      };
    };
  const operations = Object.fromEntries(
    Object.entries(pingOneOperations(store, resolved)).map(([id, implementation]) => [id, limited(implementation)]),
  );

  return {
    name: "pingone",
    tag: "PingOne images",
    operations,
    authenticate: (context) => authenticatePingOne(context.headers, resolved.tokens),
    renderProblem: renderPingOneProblem,
    maxBodyBytes: resolved.maxImageBytes,
    bodyTooLargeStatus: 400,
    pathPrefixes: ["/v1/environments/"],
    reset: seed,
  };
}
