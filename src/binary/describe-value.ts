/**
 * Names what a value is for an error message, without its contents: `a string`, `null`, `a number`,
 * `an object (Map)`, `an object (no prototype)`.
 */
export function describeValue(value: unknown): string {
  if (value === null) {
    return "null";
  }
  const type = typeof value;
  if (type !== "object" && type !== "function") {
    return type === "undefined" ? "undefined" : `a ${type}`;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  const article = type === "object" ? "an" : "a";
  if (prototype === null) {
    return `${article} ${type} (no prototype)`;
  }
  const constructorName = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof constructorName === "string" && constructorName !== ""
    ? `${article} ${type} (${constructorName})`
    : `${article} ${type}`;
}
