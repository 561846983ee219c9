import type { AttributeType } from "./attribute-types.ts";
import type { AttributeValue } from "./attribute-value.ts";
import type { AttributeMap, StoredAttribute } from "./store.ts";

/** A working copy of an entry's attributes; a write changes the draft and stores it only when every check passed. */
export class EntryDraft {
  readonly #attributes: Map<string, StoredAttribute>;

  constructor(initial: AttributeMap = new Map()) {
    this.#attributes = new Map(initial);
  }

  /** The attribute stored under a key (`attributeType(name).key`). */
  get(key: string): StoredAttribute | undefined {
    return this.#attributes.get(key);
  }

  /** The attribute's values; none when it is absent. */
  values(key: string): readonly AttributeValue[] {
    return this.#attributes.get(key)?.values ?? [];
  }

  /** True when the attribute has at least one value. */
  has(key: string): boolean {
    return this.values(key).length > 0;
  }

  /** Replaces an attribute's values (no values removes it); a known attribute keeps its canonical name. */
  set(type: AttributeType, writtenName: string, values: readonly AttributeValue[]): void {
    if (values.length === 0) {
      this.#attributes.delete(type.key);
      return;
    }
    const name = this.#attributes.get(type.key)?.name ?? (type.syntax === "any" ? writtenName : type.name);
    this.#attributes.set(type.key, { type, name, values: [...values] });
  }

  /** The attributes as they stand, to store. */
  snapshot(): AttributeMap {
    return new Map(this.#attributes);
  }
}
