import { http, type RequestHandler } from "msw";
import type { MockDispatcher } from "./dispatcher.ts";

/**
 * One MSW handler in front of the dispatcher: it answers the requests that belong to a mocked API and lets all
 * others through, so the same handlers work in `setupServer`, `setupWorker` and the HTTP mock server. MSW's
 * `cookies` carry the page's cookies in the browser, where the request itself cannot.
 */
export function createMswHandlers(dispatcher: MockDispatcher): RequestHandler[] {
  // A predicate rather than the path "*": MSW percent-decodes a matched path and throws on `%ZZ`, which must reach
  // the dispatcher to get the API's own 400.
  return [http.all(matchEveryRequest, async ({ request, cookies }) => dispatcher.dispatch(request, cookies))];
}

function matchEveryRequest(): boolean {
  return true;
}
