import type { RequestHandler } from "msw";
import type { CumulocityMockOptions } from "./cumulocity/index.ts";
import { createCumulocityMock } from "./cumulocity/index.ts";
import type { FourDMockOptions } from "./fourd/index.ts";
import { createFourDMock } from "./fourd/index.ts";
import type { HdapMockOptions } from "./hdap/index.ts";
import { createHdapMock } from "./hdap/index.ts";
import type { PingOneMockOptions } from "./pingone/index.ts";
import { createPingOneMock } from "./pingone/index.ts";
import { createMswHandlers, type DispatcherOptions, MockDispatcher } from "./runtime/dispatcher.ts";
import type { ApiMock } from "./runtime/types.ts";

/** Options of {@link createMockBackend}: each API's demo data and credentials, and the dispatcher's checks. */
export interface MockBackendOptions extends Omit<DispatcherOptions, "document"> {
  hdap?: HdapMockOptions;
  fourd?: FourDMockOptions;
  cumulocity?: CumulocityMockOptions;
  pingone?: PingOneMockOptions;
}

/** The four mocked APIs behind one set of MSW handlers. */
export interface MockBackend {
  /** MSW handlers for `setupServer`, `setupWorker` or the HTTP mock server. */
  handlers: RequestHandler[];
  dispatcher: MockDispatcher;
  apis: ApiMock<unknown>[];
  /** Restores every API's demo data. */
  reset(): void;
}

/**
 * Creates the stateful mock of the four APIs: PingDS HDAP, 4D REST, Cumulocity inventory binaries and PingOne images, with their demo data, behind handlers that route and validate by the bundled OpenAPI document.
 *
 * @example
 * const backend = createMockBackend();
 * const server = setupServer(...backend.handlers); // msw/node
 */
export function createMockBackend(options: MockBackendOptions = {}): MockBackend {
  const clock = options.now ?? Date.now;
  const apis: ApiMock<unknown>[] = [
    createHdapMock(options.hdap, clock),
    createFourDMock(options.fourd, clock),
    createCumulocityMock(options.cumulocity, clock),
    createPingOneMock(options.pingone, clock),
  ];
  const dispatcher = new MockDispatcher(apis, options);
  return {
    handlers: createMswHandlers(dispatcher),
    dispatcher,
    apis,
    reset: () => {
      for (const api of apis) {
        api.reset();
      }
    },
  };
}
