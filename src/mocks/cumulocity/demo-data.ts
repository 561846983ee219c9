import { namedExampleBytes } from "../document/openapi.ts";
import type { CumulocityStore } from "./store.ts";

// The seed's two files with the document's example bytes and timestamps, so the list a developer gets is the
// document's `firstPage` example and each download is the example file.
const DEMO_BINARIES = [
  {
    id: "1",
    example: "cumulocity-my-picture-png",
    name: "my_picture.png",
    type: "image/png",
    time: "2024-03-18T09:30:12.345Z",
  },
  {
    id: "2",
    example: "cumulocity-my-compressed-file-zip",
    name: "my_compressed_file.zip",
    type: "application/zip",
    time: "2024-03-18T09:31:40.007Z",
  },
] as const;

/** Stores the demo binaries `1` and `2`, owned by `owner`. */
export function seedCumulocityDemo(store: CumulocityStore, owner: string): void {
  for (const demo of DEMO_BINARIES) {
    store.put({
      id: demo.id,
      name: demo.name,
      type: demo.type,
      contentType: demo.type,
      bytes: namedExampleBytes(demo.example),
      owner,
      creationTime: demo.time,
      lastUpdated: demo.time,
      fragments: {},
    });
  }
}
