import type { ImageInfo } from "../../binary/image-info.ts";

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
