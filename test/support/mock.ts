import { type ApiMock, MockDispatcher } from "bytewire/mocks";
import { mockErrors } from "./mock-errors.ts";
import { recordResponseCheck } from "./response-checks.ts";

/** A dispatcher over the given API mocks that checks every response against the document. */
export function createTestDispatcher(apis: ApiMock<unknown>[], now?: () => number): MockDispatcher {
  return new MockDispatcher(apis, {
    validateResponses: "throw",
    onResponseChecked: recordResponseCheck,
    onError: (error) => mockErrors.push(error),
    ...(now ? { now } : {}),
  });
}
