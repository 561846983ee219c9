import { InvalidInputError } from "../binary/invalid-input-error.ts";
import type { FourDKey } from "./types.ts";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The key as the path writes it: a number as is, a string in double quotes (`"IT0911AB2200"`). A string key holding
 * a double quote cannot be addressed in a 4D URL, so it is refused rather than sent broken.
 *
 * @throws {InvalidInputError} `INVALID_KEY`
 */
export function formatKey(key: FourDKey): number | string {
  if (typeof key === "number") {
    if (!Number.isSafeInteger(key)) {
      throw new InvalidInputError("INVALID_KEY", `A numeric 4D key must be a safe integer, got ${key}.`);
    }
    return key;
  }
  if (typeof key !== "string" || key === "" || key.includes('"')) {
    throw new InvalidInputError(
      "INVALID_KEY",
      "A 4D key must be an integer or a non-empty string without double quotes.",
    );
  }
  return `"${key}"`;
}

/**
 * Checks a dataclass or attribute name: case-sensitive identifiers, which is also all a 4D URL can carry unencoded.
 *
 * @throws {InvalidInputError} `INVALID_NAME`
 */
export function checkName(kind: "dataclass" | "attribute", name: string): string {
  if (typeof name !== "string" || !NAME.test(name)) {
    throw new InvalidInputError(
      "INVALID_NAME",
      `The ${kind} name must be an identifier such as "User", got ${JSON.stringify(String(name)).slice(0, 80)}.`,
    );
  }
  return name;
}
