import type { ErrorDescriber } from "../core/errors.ts";
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

/**
 * Reads 4D's `__ERROR`: the code is the first item's `errCode` (as a string, the same type whatever the API), the
 * message the first item's text with its lines joined, then how many more items there are.
 *
 * @example
 * describeFourDError({ __ERROR: [{ message: "The entity does not exist", componentSignature: "dbmg", errCode: 1542 }] });
 * // { code: "1542", message: "The entity does not exist" }
 */
export const describeFourDError: ErrorDescriber = (body) => {
  if (!isFourDErrorBody(body)) {
    return {};
  }
  const [first, ...rest] = body.__ERROR as [FourDErrorItem, ...FourDErrorItem[]];
  const more = rest.length > 0 ? ` (+${rest.length} more)` : "";
  return { code: String(first.errCode), message: `${first.message.replace(/\s*\n\s*/g, " ")}${more}` };
};
