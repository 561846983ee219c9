// Prints a file as a YAML double-quoted string, one character per byte (printable ASCII kept, the rest as \xNN).
// OpenAPI 3.1 asks examples of non-JSON media types to be strings "escaping where necessary": this is how the
// document carries real image and PDF bytes as examples. Usage: npx tsx scripts/yaml-bytes.ts <file>
import { readFile } from "node:fs/promises";

const path = process.argv[2];
if (!path) {
  console.error("usage: tsx scripts/yaml-bytes.ts <file>");
  process.exit(2);
}
let out = '"';
for (const byte of await readFile(path)) {
  const printable = byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c;
  out += printable ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, "0").toUpperCase()}`;
}
console.log(`${out}"`);
