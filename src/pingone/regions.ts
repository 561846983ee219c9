/** The regions PingOne runs in, as the suffix of their API host: `api.pingone.<region>`. */
export const PINGONE_REGIONS = ["com", "eu", "ca", "com.au", "sg", "asia"] as const;

/**
 * A PingOne region: `com` North America, `eu` Europe, `ca` Canada, `com.au` Australia, `sg` Singapore, `asia` the
 * legacy Asia-Pacific host. An environment lives in exactly one; its API answers only on that region's host.
 */
export type PingOneRegion = (typeof PINGONE_REGIONS)[number];

/**
 * The API root of a region, with the `/v1` that every PingOne path starts with.
 *
 * @throws {TypeError} for a region PingOne does not have (JavaScript callers; TypeScript rejects it already)
 * @example
 * pingOneBaseUrl("eu"); // "https://api.pingone.eu/v1"
 */
export function pingOneBaseUrl(region: PingOneRegion = "com"): string {
  if (!(PINGONE_REGIONS as readonly string[]).includes(region)) {
    throw new TypeError(
      `[bytewire] Unknown PingOne region "${region}"; expected one of ${PINGONE_REGIONS.join(", ")}.`,
    );
  }
  return `https://api.pingone.${region}/v1`;
}
