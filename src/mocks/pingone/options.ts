/** Demo data and limits of the PingOne images mock. Every field has a default that matches the seed. */
export interface PingOneMockOptions {
  /** Environment IDs that exist. @default ["abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6"] (the seed's) */
  environments?: string[];
  /** Bearer tokens accepted on every environment. @default ["demo-token"] */
  tokens?: string[];
  /** Largest image accepted, in bytes. @default 2 MiB, PingOne's documented limit */
  maxImageBytes?: number;
  /** Requests allowed per window before `429 REQUEST_LIMITED`; off when undefined. @default undefined */
  rateLimit?: { requests: number; windowMs: number };
  /** Host that `targets.original.href` points at. @default "https://uploads.pingone.com" */
  uploadsBaseUrl?: string;
  /** Seed the environment with the document's example images (logo.png, userimg.jpg, icon.gif). @default true */
  demoImages?: boolean;
}

/** The options with their defaults applied. */
export type ResolvedPingOneMockOptions = Required<Omit<PingOneMockOptions, "rateLimit">> &
  Pick<PingOneMockOptions, "rateLimit">;

export const DEMO_ENVIRONMENT_ID = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";

export function resolvePingOneOptions(options: PingOneMockOptions = {}): ResolvedPingOneMockOptions {
  const resolved: ResolvedPingOneMockOptions = {
    environments: options.environments ?? [DEMO_ENVIRONMENT_ID],
    tokens: options.tokens ?? ["demo-token"],
    maxImageBytes: options.maxImageBytes ?? 2 * 1024 * 1024,
    uploadsBaseUrl: options.uploadsBaseUrl ?? "https://uploads.pingone.com",
    demoImages: options.demoImages ?? true,
  };
  if (options.rateLimit) {
    resolved.rateLimit = options.rateLimit;
  }
  return resolved;
}
