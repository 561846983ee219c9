import { type ApiMock, createMswHandlers, type MockDispatcher } from "bytewire/mocks";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";
import { createTestDispatcher } from "./mock.ts";

/** A mocked API behind MSW for client tests: every response is checked against the document. */
export interface MockedApis {
  dispatcher: MockDispatcher;
  /** Restores the demo data (done after each test). */
  reset(): void;
}

/**
 * Starts MSW's `setupServer` with the given mocks for the tests of one file; unhandled requests fail the test.
 * Mocks are created by the factory so that each file gets fresh state.
 */
export function useMockedApis(create: () => ApiMock<unknown>[], now?: () => number): MockedApis {
  const apis = create();
  const dispatcher = createTestDispatcher(apis, now);
  const server = setupServer(...createMswHandlers(dispatcher));
  const reset = () => {
    for (const api of apis) {
      api.reset();
    }
  };
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(reset);
  afterAll(() => server.close());
  return { dispatcher, reset };
}
