import type { components } from "../../../generated/schema.ts";
import { parseContentDisposition } from "../../binary/content-disposition.ts";
import { sniffImage } from "../../binary/image-info.ts";
import type { MockContext, OperationImplementation, Problem } from "../runtime/types.ts";
import type { PingOnePrincipal, ResolvedPingOneMockOptions } from "./index.ts";
import type { PingOneStore, StoredImage } from "./store.ts";

type PingOneImage = components["schemas"]["PingOneImage"];
type Context = MockContext<PingOnePrincipal>;

const EXTENSIONS = { png: "png", jpeg: "jpg", gif: "gif" } as const;

function imageBody(image: StoredImage, origin: string, uploadsBaseUrl: string): PingOneImage {
  const environment = `${origin}/v1/environments/${image.environmentId}`;
  return {
    _links: { self: { href: `${environment}/images/${image.id}` }, environment: { href: environment } },
    id: image.id,
    environment: { id: image.environmentId },
    createdAt: image.createdAt,
    targets: {
      original: {
        id: "original",
        href: `${uploadsBaseUrl}/environments/${image.environmentId}/images/${image.id}_${image.fileId}_original.${EXTENSIONS[image.info.type]}`,
        type: EXTENSIONS[image.info.type],
        width: image.info.width,
        height: image.info.height,
      },
    },
  };
}

function environmentNotFound(environmentId: string): Problem {
  return { status: 404, kind: "not-found", message: `Unable to find environment with ID '${environmentId}'.` };
}

function imageNotFound(imageId: string): Problem {
  return { status: 404, kind: "not-found", message: `Unable to find image with ID '${imageId}'.` };
}

/** The implementations of the PingOne images operations, keyed by operationId. */
export function pingOneOperations(
  store: PingOneStore,
  options: ResolvedPingOneMockOptions,
): Record<string, OperationImplementation<PingOnePrincipal>> {
  const find = (context: Context): StoredImage | Problem => {
    const { envID = "", imageID = "" } = context.params;
    if (!store.hasEnvironment(envID)) {
      return environmentNotFound(envID);
    }
    return store.get(envID, imageID) ?? imageNotFound(imageID);
  };

  return {
    pingOneCreateImage(context) {
      const { envID = "" } = context.params;
      if (!store.hasEnvironment(envID)) {
        return environmentNotFound(envID);
      }
      if (context.body.kind !== "binary") {
        return { status: 400, kind: "bad-request", message: "The request body must be the image file." };
      }
      // PingOne reads the type from the bytes, not from Content-Type.
      const info = sniffImage(context.body.bytes);
      if (!info) {
        return {
          status: 400,
          kind: "bad-request",
          message: "The request could not be completed. One or more validation errors were in the request.",
          details: [{ target: "image", message: "The image must be a PNG, JPEG or GIF file." }],
        };
      }
      const disposition = context.headers.get("content-disposition");
      const image: StoredImage = {
        id: crypto.randomUUID(),
        environmentId: envID,
        fileId: crypto.randomUUID(),
        filename: disposition ? parseContentDisposition(disposition).filename : undefined,
        info,
        bytes: context.body.bytes,
        createdAt: new Date(context.now()).toISOString(),
      };
      store.put(image);
      const body = imageBody(image, context.url.origin, options.uploadsBaseUrl);
      // Ping documents no Location header on this 201, so the mock sends none; `_links.self` names the image.
      return Response.json(body, { status: 201 });
    },

    pingOneReadImage(context) {
      const image = find(context);
      return "kind" in image ? image : Response.json(imageBody(image, context.url.origin, options.uploadsBaseUrl));
    },

    pingOneDeleteImage(context) {
      const image = find(context);
      if ("kind" in image) {
        return image;
      }
      store.delete(image.environmentId, image.id);
      return new Response(null, { status: 204 });
    },
  };
}
