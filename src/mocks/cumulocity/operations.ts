import type { MockContext, OperationImplementation, Problem } from "../runtime/types.ts";
import type { CumulocityPrincipal } from "./auth.ts";
import { downloadBinary } from "./download-binary.ts";
import { listBinaries } from "./list-binaries.ts";
import { canAdminister } from "./permissions.ts";
import { replaceBinary } from "./replace-binary.ts";
import type { CumulocityStore, StoredBinary } from "./store.ts";
import { uploadBinary } from "./upload-binary.ts";

type Context = MockContext<CumulocityPrincipal>;

// The wording of a real inventory for an unknown managed object.
function notFound(id: string): Problem {
  return {
    status: 404,
    kind: "not-found",
    message: `Finding device data from database failed : No managedObject for id '${id}'!`,
  };
}

/**
 * The implementations of the Cumulocity binaries operations, keyed by operationId; `clock` dates uploads and
 * replacements. An unknown ID is `404` before any permission check, as the inventory looks the object up first.
 */
export function cumulocityOperations(
  store: CumulocityStore,
  clock: () => number,
): Record<string, OperationImplementation<CumulocityPrincipal>> {
  const find = (context: Context): StoredBinary | Problem => {
    const { id = "" } = context.params;
    return store.get(id) ?? notFound(id);
  };

  return {
    cumulocityListBinaries: (context) => listBinaries(store, context),

    cumulocityUploadBinary: (context) => uploadBinary(store, context, clock),

    cumulocityDownloadBinary(context) {
      const binary = find(context);
      return "kind" in binary ? binary : downloadBinary(binary, context);
    },

    cumulocityReplaceBinary(context) {
      const binary = find(context);
      return "kind" in binary ? binary : replaceBinary(store, binary, context, clock);
    },

    cumulocityDeleteBinary(context) {
      const binary = find(context);
      if ("kind" in binary) {
        return binary;
      }
      if (!context.principal || !canAdminister(context.principal, binary.owner)) {
        return { status: 403, kind: "forbidden", message: "Access is denied" };
      }
      store.delete(binary.id);
      return new Response(null, { status: 204 });
    },
  };
}
