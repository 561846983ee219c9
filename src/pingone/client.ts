import type { Client } from "openapi-fetch";
import { toUploadBody, type UploadInput } from "../binary/upload-input.ts";
import { bearerAuth, type TokenSource } from "../core/auth.ts";
import { type ClientOptions, createApi } from "../core/client.ts";
import { InvalidInputError } from "../core/errors.ts";
import { describePingOneError, PINGONE_REQUEST_ID_HEADERS } from "./errors.ts";
import { checkImageUpload, imageContentDisposition, PINGONE_MAX_IMAGE_BYTES } from "./image-upload.ts";
import type { PingOneCallOptions, PingOneImage, PingOnePaths, PingOneUploadOptions } from "./types.ts";

/** The regions PingOne runs in, as the suffix of their API host: `api.pingone.<region>`. */
export const PINGONE_REGIONS = ["com", "eu", "ca", "com.au", "sg", "asia"] as const;

/**
 * A PingOne region: `com` North America, `eu` Europe, `ca` Canada, `com.au` Australia, `sg` Singapore, `asia` the
 * legacy Asia-Pacific host. An environment lives in exactly one; its API answers only on that region's host.
 */
export type PingOneRegion = (typeof PINGONE_REGIONS)[number];

/** How a PingOne client authenticates: the bearer access token of a worker application. */
export interface PingOneBearerAuth {
  /** `Authorization: Bearer <token>`. */
  type: "bearer";
  /**
   * The token, or a function returning the current one (called for every request, so a refreshed token is picked
   * up). Never logged or quoted in errors.
   */
  token: TokenSource;
}

/** Options of {@link createPingOneClient} apart from where the API is. */
export interface PingOneClientBaseOptions extends Omit<ClientOptions, "baseUrl"> {
  /** The worker application's access token. */
  auth: PingOneBearerAuth;
  /**
   * The environment calls address unless they pass their own `environmentId`.
   * @example "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6"
   */
  environmentId?: string | undefined;
  /**
   * Largest image sent; a larger one is refused before any request.
   * @default 2097152 (PingOne's "2 MB")
   */
  maxImageBytes?: number | undefined;
}

/**
 * Options of {@link createPingOneClient}: the auth and defaults, plus either the environment's `region` or an explicit
 * `baseUrl` (a proxy, the mock server), never both.
 */
export type PingOneClientOptions = PingOneClientBaseOptions &
  (
    | {
        /** The environment's region; the client talks to `https://api.pingone.<region>/v1`. @default "com" */
        region?: PingOneRegion | undefined;
        baseUrl?: undefined;
      }
    | {
        /**
         * The API root including `/v1`, instead of a region.
         * @example "http://localhost:4010/v1"
         */
        baseUrl: string;
        region?: undefined;
      }
  );

/** A PingOne images client; see {@link createPingOneClient}. */
export interface PingOneClient {
  /** The API root the client sends to, `/v1` included. */
  readonly baseUrl: string;
  /** The default environment, if one was given. */
  readonly environmentId: string | undefined;
  /**
   * Uploads a PNG, JPEG or GIF image and returns its metadata (`targets.original.href` is its public URL). Before
   * sending, the type is read from the bytes (a Blob's first bytes, a stream's head without buffering the rest) and
   * anything else is refused, as is a file over the size limit; the `Content-Type` sent is the one the bytes show,
   * whatever a File's type says, and the file name goes in `Content-Disposition`. Not retried, except after a 429
   * (a refusal: nothing was stored) when the body can be sent again (not a stream).
   *
   * @throws {InvalidInputError} `UNSUPPORTED_IMAGE_TYPE`, `IMAGE_TOO_LARGE` (kind `too_large`; before any request, or
   * for a stream of unknown length once it passes the limit), `MISSING_ENVIRONMENT_ID`, `UNSUPPORTED_INPUT`
   * @throws {ApiError} PingOne's answer otherwise: `code` (`INVALID_DATA`, `ACCESS_FAILED`, `REQUEST_LIMITED`, ...),
   * `requestId` (the `P1Error.id`), `retryAfter`
   * @example
   * const image = await pingone.upload(fileInput.files[0]);
   * await patchUser({ photo: { href: image.targets.original.href } });
   */
  upload(input: UploadInput, options?: PingOneUploadOptions): Promise<PingOneImage>;
  /**
   * Reads an image's metadata (not its bytes: download those from `targets.original.href`).
   *
   * @throws {ApiError} `not_found` for an unknown image or environment
   * @example
   * const { targets } = await pingone.get("99b4c866-041f-4c04-b495-be764f14927f");
   */
  get(imageId: string, options?: PingOneCallOptions): Promise<PingOneImage>;
  /**
   * Deletes an image. Whatever still points at its `href` (a user's photo, a logo) breaks, so change those first.
   *
   * @throws {ApiError} `not_found` when there is no such image
   * @example
   * await pingone.delete(image.id);
   */
  delete(imageId: string, options?: PingOneCallOptions): Promise<void>;
  /**
   * The typed openapi-fetch client on the same pipeline, for what the methods do not cover. Bodies pass through
   * untouched; an upload must set `Content-Type` itself.
   */
  readonly raw: Client<PingOnePaths>;
}

/**
 * The API root of a region, with the `/v1` that every PingOne path starts with.
 *
 * @throws {TypeError} for a region PingOne does not have (JavaScript callers; TypeScript rejects it already)
 */
function regionBaseUrl(region: PingOneRegion = "com"): string {
  if (!(PINGONE_REGIONS as readonly string[]).includes(region)) {
    throw new TypeError(
      `[bytewire] Unknown PingOne region "${region}"; expected one of ${PINGONE_REGIONS.join(", ")}.`,
    );
  }
  return `https://api.pingone.${region}/v1`;
}

/** The documented optional header of every PingOne images operation. */
function transactionHeader(options: PingOneCallOptions): { "X-Ping-External-Transaction-ID"?: string } {
  return options.transactionId === undefined ? {} : { "X-Ping-External-Transaction-ID": options.transactionId };
}

/**
 * Creates a client for the PingOne Platform images API: upload, read and delete, with bearer auth.
 *
 * @example
 * const pingone = createPingOneClient({
 *   region: "eu",
 *   environmentId: "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6",
 *   auth: { type: "bearer", token: () => session.accessToken },
 * });
 * const image = await pingone.upload(file, { onUploadProgress: console.log });
 */
export function createPingOneClient(options: PingOneClientOptions): PingOneClient {
  const { auth, environmentId, maxImageBytes, region, baseUrl: explicitBaseUrl, ...clientOptions } = options;
  if (auth?.type !== "bearer") {
    throw new TypeError('[bytewire] PingOne needs auth: { type: "bearer", token }');
  }
  const api = createApi<PingOnePaths>(
    {
      name: "pingone",
      auth: ({ redactor }) => bearerAuth(auth.token, redactor),
      // Every PingOne request body is an image: the raw client never JSON-encodes one.
      bodySerializer: (body: unknown) => body,
      headers: { Accept: "application/json" },
      requestIdHeaders: PINGONE_REQUEST_ID_HEADERS,
      describeError: describePingOneError,
      // A 429 refuses the request before PingOne acts on it (RFC 6585 §4; PingOne's REQUEST_LIMITED asks to try
      // again), so even an upload may be sent again. A 5xx or a lost answer may have stored the image: never.
      nonIdempotentRetryStatuses: [429],
    },
    { ...clientOptions, baseUrl: explicitBaseUrl ?? regionBaseUrl(region) },
  );
  const limit = maxImageBytes ?? PINGONE_MAX_IMAGE_BYTES;

  function envID(callOptions: PingOneCallOptions): string {
    const id = callOptions.environmentId ?? environmentId;
    if (id === undefined || id === "") {
      throw new InvalidInputError(
        "MISSING_ENVIRONMENT_ID",
        "No PingOne environment ID: pass `environmentId` to createPingOneClient() or to this call.",
      );
    }
    return id;
  }

  function imagePath(imageId: string, callOptions: PingOneCallOptions) {
    if (typeof imageId !== "string" || imageId === "") {
      throw new InvalidInputError(
        "MISSING_IMAGE_ID",
        "The image ID must be a non-empty string (the `id` of an image).",
      );
    }
    return { envID: envID(callOptions), imageID: imageId };
  }

  return {
    baseUrl: api.baseUrl,
    environmentId,
    raw: api.raw,

    async upload(input, callOptions = {}) {
      const path = { envID: envID(callOptions) };
      const { data } = await api.call(
        {
          options: callOptions,
          body: async () => {
            const upload = await toUploadBody(input, {
              name: callOptions.filename,
              size: callOptions.size,
              signal: callOptions.signal,
            });
            const image = await checkImageUpload(upload, limit);
            const disposition = imageContentDisposition(image.name);
            // PingOne stores what the bytes are, so the type sent is the one they show, whatever a File claims.
            return {
              ...image,
              type: image.info.mediaType,
              headers: disposition === undefined ? undefined : { "Content-Disposition": disposition },
            };
          },
          onUploadProgress: callOptions.onUploadProgress,
        },
        (init) =>
          api.raw.POST("/environments/{envID}/images", {
            params: { path, header: transactionHeader(callOptions) },
            ...init,
          }),
      );
      return data;
    },

    async get(imageId, callOptions = {}) {
      const path = imagePath(imageId, callOptions);
      const { data } = await api.call({ options: callOptions }, (init) =>
        api.raw.GET("/environments/{envID}/images/{imageID}", {
          params: { path, header: transactionHeader(callOptions) },
          ...init,
        }),
      );
      return data;
    },

    async delete(imageId, callOptions = {}) {
      const path = imagePath(imageId, callOptions);
      await api.call({ options: callOptions, expect: "none" }, (init) =>
        api.raw.DELETE("/environments/{envID}/images/{imageID}", {
          params: { path, header: transactionHeader(callOptions) },
          ...init,
        }),
      );
    },
  };
}
