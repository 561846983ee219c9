/**
 * A string as 4D compares query data: neither case- nor diacritic-sensitive (`Lefèvre` equals `lefevre`). Names of
 * dataclasses and attributes stay case-sensitive; only values go through this.
 */
export function textKey(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}
