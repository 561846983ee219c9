import type { FetchFunction } from "../transport.ts";

/** Browsers (and bundles for them) send request bodies with fetch itself; see node.ts for why Node does not. */
export const uploadFetch: FetchFunction | undefined = undefined;
