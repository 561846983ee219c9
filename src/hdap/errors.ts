import type { ErrorDescriber } from "../core/api-error.ts";
import type { HdapErrorBody } from "./types.ts";

/**
 * Response headers that may carry the id of an HDAP request. DS takes `X-ForgeRock-TransactionId` from the client for
 * its audit log; no HDAP page says it is echoed, so it is read when a server or proxy sends it back (assumption).
 */
export const HDAP_REQUEST_ID_HEADERS: readonly string[] = ["x-forgerock-transactionid"];

/**
 * Whether a parsed error body is the Common REST `{ code, message }` of HDAP (a proxy's page or other JSON is not).
 *
 * @example
 * if (isApiError(error) && isHdapErrorBody(error.body)) console.log(error.body.reason, error.body.detail);
 */
export function isHdapErrorBody(body: unknown): body is HdapErrorBody {
  return (
    typeof body === "object" &&
    body !== null &&
    Number.isInteger(Reflect.get(body, "code")) &&
    typeof Reflect.get(body, "message") === "string"
  );
}

/**
 * Reads the Common REST error body `{ code, reason, message }`: `ApiError.code` becomes the numeric `code` (the HTTP
 * status, which the document tells clients to branch on; the reason phrase stays in `body.reason`), and the message
 * is `message`. A body of another shape (a proxy's page) gives neither.
 *
 * @example
 * describeHdapError({ code: 412, reason: "Precondition Failed", message: "Assertion Failed: ..." });
 * // { code: 412, message: "Assertion Failed: ..." }
 */
export const describeHdapError: ErrorDescriber = (body) => {
  if (typeof body !== "object" || body === null) {
    return {};
  }
  const code: unknown = Reflect.get(body, "code");
  const message: unknown = Reflect.get(body, "message");
  return {
    code: typeof code === "number" && Number.isInteger(code) ? code : undefined,
    message: typeof message === "string" && message !== "" ? message : undefined,
  };
};
