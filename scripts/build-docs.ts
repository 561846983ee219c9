import { relative } from "node:path";
import { buildDocs } from "./lib/docs.ts";

const { html, yaml } = await buildDocs();
console.log(`wrote ${relative(process.cwd(), html)} and ${relative(process.cwd(), yaml)}`);
