/** A random 32-character uppercase hexadecimal ID, the form of 4D's upload IDs and session cookies. */
export function randomHexId(): string {
  return crypto.randomUUID().replaceAll("-", "").toUpperCase();
}
