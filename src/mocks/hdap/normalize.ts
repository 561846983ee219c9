/**
 * A string as LDAP's caseIgnoreMatch compares it: Unicode-compatibility normalised, trimmed, inner white space
 * collapsed to one space, lower-cased.
 */
export function caseIgnore(value: string): string {
  return value.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
}

/** A telephone number as telephoneNumberMatch compares it: spaces and hyphens do not count. */
export function telephoneDigits(value: string): string {
  return caseIgnore(value).replace(/[\s-]/g, "");
}
