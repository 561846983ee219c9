import { resolve } from "node:path";
import { writeWorker } from "./lib/worker.ts";

// Usage: npm run worker -- <public dir>   (default: public)
const target = await writeWorker(resolve(process.argv[2] ?? "public"));
console.log(`wrote ${target}`);
