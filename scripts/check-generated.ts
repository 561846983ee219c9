import { checkGeneratedFiles } from "./lib/generated-files.ts";

const { fresh, lines } = await checkGeneratedFiles();
for (const { error, text } of lines) {
  (error ? console.error : console.log)(text);
}
if (!fresh) {
  process.exit(1);
}
