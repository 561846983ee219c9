/**
 * JSON indented the way DS prints it with `_prettyPrint=true` (Jackson's default pretty printer): two spaces per
 * object level, `" : "` between name and value, arrays on one line (`[ "a", "b" ]`), objects inside arrays opened on
 * the same line (`[ {`). The seed's read output is in this form.
 *
 * @example
 * prettyJson({ _id: "uid=admin", cn: ["Admin"] }); // '{\n  "_id" : "uid=admin",\n  "cn" : [ "Admin" ]\n}'
 */
export function prettyJson(value: unknown): string {
  return write(value, 0);
}

function write(value: unknown, level: number): string {
  if (Array.isArray(value)) {
    return value.length === 0 ? "[ ]" : `[ ${value.map((item) => write(item, level)).join(", ")} ]`;
  }
  if (typeof value === "object" && value !== null) {
    const members = Object.entries(value).filter(([, member]) => member !== undefined);
    if (members.length === 0) {
      return "{ }";
    }
    const indent = "  ".repeat(level + 1);
    const body = members.map(([name, member]) => `${indent}${JSON.stringify(name)} : ${write(member, level + 1)}`);
    return `{\n${body.join(",\n")}\n${"  ".repeat(level)}}`;
  }
  return JSON.stringify(value) ?? "null";
}
