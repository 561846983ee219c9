import { type ImageInfo, sniffImage } from "../../binary/image-info.ts";
import { namedExampleBytes } from "../document/openapi.ts";

/*
 * The images in memory, by environment, and the demo images.
 */

/** One stored image: its metadata and its bytes. */
export interface StoredImage {
  id: string;
  environmentId: string;
  fileId: string;
  filename: string | undefined;
  info: ImageInfo;
  bytes: Uint8Array;
  createdAt: string;
}

/** Images by environment, in memory. */
export class PingOneStore {
  readonly #environments = new Map<string, Map<string, StoredImage>>();

  constructor(environmentIds: string[]) {
    for (const id of environmentIds) {
      this.#environments.set(id.toLowerCase(), new Map());
    }
  }

  hasEnvironment(environmentId: string): boolean {
    return this.#environments.has(environmentId.toLowerCase());
  }

  get(environmentId: string, imageId: string): StoredImage | undefined {
    return this.#environments.get(environmentId.toLowerCase())?.get(imageId.toLowerCase());
  }

  put(image: StoredImage): void {
    this.#environments.get(image.environmentId.toLowerCase())?.set(image.id.toLowerCase(), image);
  }

  delete(environmentId: string, imageId: string): boolean {
    return this.#environments.get(environmentId.toLowerCase())?.delete(imageId.toLowerCase()) ?? false;
  }

  clear(): void {
    for (const images of this.#environments.values()) {
      images.clear();
    }
  }
}

// The document's example uploads, so the images a developer finds are the ones the docs show.
const DEMO_IMAGES = [
  { id: "99b4c866-041f-4c04-b495-be764f14927f", example: "pingone-logo-png", filename: "logo.png" },
  { id: "3f1c2a9e-6b7d-4e58-9a10-2b3c4d5e6f70", example: "pingone-userimg-jpeg", filename: "userimg.jpg" },
  { id: "7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f01", example: "pingone-icon-gif", filename: "icon.gif" },
] as const;

/** Stores the demo images in the first environment. */
export function seedPingOneDemo(store: PingOneStore, environmentId: string, now: number): void {
  for (const demo of DEMO_IMAGES) {
    const bytes = namedExampleBytes(demo.example);
    const info = sniffImage(bytes);
    if (!info) {
      throw new Error(`The example ${demo.example} is not an image.`);
    }
    store.put({
      id: demo.id,
      environmentId,
      fileId: demo.id.split("").reverse().join(""),
      filename: demo.filename,
      info,
      bytes,
      createdAt: new Date(now).toISOString(),
    });
  }
}
