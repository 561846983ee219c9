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
