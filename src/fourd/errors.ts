import type { ErrorDescriber, ErrorDescription } from "../core/api-error.ts";
import type { ErrorKind } from "../core/errors.ts";
import type { FourDErrorBody, FourDErrorItem } from "./types.ts";

function isErrorItem(value: unknown): value is FourDErrorItem {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof Reflect.get(value, "errCode") === "number" &&
    typeof Reflect.get(value, "message") === "string"
  );
}

/** Whether a parsed body is 4D's `{ __ERROR: [...] }` with at least one well-formed item. */
export function isFourDErrorBody(body: unknown): body is FourDErrorBody {
  const items = typeof body === "object" && body !== null ? Reflect.get(body, "__ERROR") : undefined;
  return Array.isArray(items) && items.length > 0 && items.every(isErrorItem);
}

// 4D reports several failures with a 200 and `__ERROR` (reference notes B.5), so the errCode, not the status, says
// what happened. Codes not listed keep the kind of the status.
const KIND_BY_ERROR_CODE: Readonly<Record<number, ErrorKind>> = {
  1263: "precondition_failed", // the entity's __STAMP changed since it was read
  1542: "not_found", // no entity with that key
  1558: "forbidden", // no permission to update
  1561: "forbidden", // no permission to execute a method
  1800: "not_found", // no such dataclass
  1801: "not_found", // no such attribute
  1802: "not_found", // no such entity set
};

/**
 * Reads 4D's `__ERROR`: the code is the first item's `errCode` (as a string, the same type whatever the API), the
 * message the first item's text with its lines joined, then how many more items there are; the kind follows the
 * errCode where 4D's documentation says what it means.
 *
 * @example
 * describeFourDError({ __ERROR: [{ message: "The entity does not exist", componentSignature: "dbmg", errCode: 1542 }] });
 * // { code: "1542", message: "The entity does not exist", kind: "not_found" }
 */
export const describeFourDError: ErrorDescriber = (body): ErrorDescription => {
  if (!isFourDErrorBody(body)) {
    return {};
  }
  const [first, ...rest] = body.__ERROR as [FourDErrorItem, ...FourDErrorItem[]];
  const more = rest.length > 0 ? ` (+${rest.length} more)` : "";
  return {
    code: String(first.errCode),
    message: `${first.message.replace(/\s*\n\s*/g, " ")}${more}`,
    kind: KIND_BY_ERROR_CODE[first.errCode],
  };
};

/** The error a 2xx body reports with `__ERROR` (a refused update, a permission error), or `undefined`. */
export function describeFourDSuccessError(data: unknown): ErrorDescription | undefined {
  return isFourDErrorBody(data) ? describeFourDError(data) : undefined;
}
