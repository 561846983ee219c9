import { callInit } from "../core/call-init.ts";
import type { CumulocityContext } from "./context.ts";
import { checkBinaryId } from "./context.ts";
import type { CumulocityRequestOptions } from "./request-options.ts";

/** Deletes a file and its managed object (`cumulocityDeleteBinary`); DELETE is idempotent, so the transport retries it. */
export async function deleteBinary(
  context: CumulocityContext,
  id: string,
  options: CumulocityRequestOptions = {},
): Promise<void> {
  checkBinaryId(id);
  const result = await context.core.raw.DELETE("/inventory/binaries/{id}", {
    params: { path: { id } },
    ...callInit(context.core, options),
  });
  context.core.expectData(result);
}
