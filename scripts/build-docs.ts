// `npm run docs`: renders the docs into build/docs/ (served by `npm start` at /docs), even when they look fresh.
import { relative } from "node:path";
import { buildDocs } from "./lib/docs.ts";

const { html, yaml } = await buildDocs({ force: true });
console.log(`wrote ${relative(process.cwd(), html)} and ${relative(process.cwd(), yaml)}`);
