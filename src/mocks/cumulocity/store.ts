import type { components } from "../../../generated/schema.ts";
import { namedExampleBytes } from "../document/openapi.ts";

/*
 * The tenant's binaries in memory, the managed object that describes each, and the demo files.
 */

/** One stored file and the managed object that describes it. */
export interface StoredBinary {
  /** A string of digits, handed out in order. */
  id: string;
  name: string;
  type: string;
  /** The media type the file is downloaded with. */
  contentType: string;
  bytes: Uint8Array;
  owner: string;
  creationTime: string;
  lastUpdated: string;
  /** Custom fragments from the upload's `object` part, in their order. */
  fragments: Record<string, unknown>;
}

/** The tenant's binaries, in memory, with the counter that numbers new ones. */
export class CumulocityStore {
  readonly #binaries = new Map<string, StoredBinary>();
  #lastId = 0;

  /** The next free ID; IDs of deleted binaries are not reused. */
  nextId(): string {
    this.#lastId++;
    return String(this.#lastId);
  }

  get(id: string): StoredBinary | undefined {
    return this.#binaries.get(id);
  }

  put(binary: StoredBinary): void {
    this.#binaries.set(binary.id, binary);
    this.#lastId = Math.max(this.#lastId, Number(binary.id) || 0);
  }

  delete(id: string): boolean {
    return this.#binaries.delete(id);
  }

  /** Every binary, by ID ascending (numerically), the order the list answers in. */
  all(): StoredBinary[] {
    return [...this.#binaries.values()].sort((a, b) => Number(a.id) - Number(b.id));
  }

  clear(): void {
    this.#binaries.clear();
    this.#lastId = 0;
  }
}

type CumulocityBinary = components["schemas"]["CumulocityBinary"];

/** Properties the server manages; an upload's `object` part cannot set them, they are not custom fragments. */
export const MANAGED_PROPERTIES: ReadonlySet<string> = new Set([
  "id",
  "self",
  "name",
  "type",
  "contentType",
  "length",
  "owner",
  "creationTime",
  "lastUpdated",
  "c8y_IsBinary",
  "_attachments",
]);

/** The URL of a binary on the request's origin: its `self`, and the upload's `Location`. */
export function binaryUrl(origin: string, id: string): string {
  return `${origin}/inventory/binaries/${id}`;
}

/** The managed object that describes a stored file, as the API answers it. */
export function managedObject(binary: StoredBinary, origin: string): CumulocityBinary {
  return {
    id: binary.id,
    self: binaryUrl(origin, binary.id),
    name: binary.name,
    type: binary.type,
    contentType: binary.contentType,
    length: binary.bytes.byteLength,
    owner: binary.owner,
    creationTime: binary.creationTime,
    lastUpdated: binary.lastUpdated,
    c8y_IsBinary: {},
    ...binary.fragments,
  };
}

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
