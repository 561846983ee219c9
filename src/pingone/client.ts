import type { Client } from "openapi-fetch";
import type { UploadInput } from "../binary/upload-input.ts";
import { bearerAuth, type TokenSource } from "../core/auth.ts";
import { type ClientOptions, createApiClient } from "../core/client.ts";
import { DEFAULT_MAX_RETRIES } from "../core/retry.ts";
import type { PingOneContext } from "./context.ts";
import { createImage } from "./create-image.ts";
import { describePingOneError, PINGONE_REQUEST_ID_HEADERS } from "./errors.ts";
import { PINGONE_MAX_IMAGE_BYTES } from "./image-check.ts";
import { deleteImage, readImage } from "./images.ts";
import { type PingOneRegion, pingOneBaseUrl } from "./regions.ts";
import type { PingOneCreateImageOptions, PingOneRequestOptions } from "./request-options.ts";
import type { PingOneImage, PingOnePaths } from "./types.ts";

/** Options of {@link createPingOneClient} apart from where the API is. */
export interface PingOneClientBaseOptions extends Omit<ClientOptions, "baseUrl"> {
  /**
   * The bearer access token of a worker application, or a function returning the current one (called for every
   * request, so a refreshed token is picked up). Sent as `Authorization: Bearer <token>`; never logged or quoted.
   */
  token: TokenSource;
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
   * whatever a File's type says, and the file name goes in `Content-Disposition`. Not retried, except after a 429 with
   * `Retry-After` when the body can be sent again (not for streams).
   *
   * @throws {InvalidInputError} `UNSUPPORTED_IMAGE_TYPE`, `IMAGE_TOO_LARGE` (before any request; for a stream of
   * unknown length, once it passes the limit), `MISSING_ENVIRONMENT_ID`, `UNSUPPORTED_INPUT`
   * @throws {ApiError} PingOne's answer otherwise: `code` (`INVALID_DATA`, `ACCESS_FAILED`, `REQUEST_LIMITED`, ...),
   * `requestId` (the `P1Error.id`), `retryAfter`
   * @example
   * const image = await client.createImage(fileInput.files[0]);
   * const image2 = await client.createImage("./userimg.jpg", { onUploadProgress: ({ loaded, total }) => bar(loaded, total) });
   * await patchUser({ photo: { href: image.targets.original.href } });
   */
  createImage(input: UploadInput, options?: PingOneCreateImageOptions): Promise<PingOneImage>;
  /**
   * Reads an image's metadata (not its bytes: download those from `targets.original.href`).
   *
   * @throws {ApiError} `404 NOT_FOUND` for an unknown image or environment, among others
   * @example
   * const { targets } = await client.readImage("99b4c866-041f-4c04-b495-be764f14927f");
   * console.log(targets.original.width, targets.original.height);
   */
  readImage(imageId: string, options?: PingOneRequestOptions): Promise<PingOneImage>;
  /**
   * Deletes an image. Whatever still points at its `href` (a user's photo, a logo) breaks, so change those first.
   *
   * @throws {ApiError} `404 NOT_FOUND` when there is no such image
   * @example
   * await client.deleteImage(image.id);
   */
  deleteImage(imageId: string, options?: PingOneRequestOptions): Promise<void>;
  /**
   * The typed openapi-fetch client on the same transport and auth, for what the methods do not cover. Bodies pass
   * through untouched; an upload must set `Content-Type` itself, else openapi-fetch sends `application/json`.
   */
  readonly raw: Client<PingOnePaths>;
}

/**
 * Creates a client for the PingOne Platform images API: upload (`createImage`), read and delete, with bearer auth,
 * retries of reads and deletes honouring `Retry-After`, and errors carrying PingOne's `code`.
 *
 * @example
 * const pingone = createPingOneClient({
 *   region: "eu",
 *   environmentId: "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6",
 *   token: () => session.accessToken,
 * });
 * const image = await pingone.createImage(file, { onUploadProgress: console.log });
 *
 * // Against the mock server (`npm start`)
 * const local = createPingOneClient({ baseUrl: "http://localhost:4010/v1", token: "demo-token", environmentId });
 */
export function createPingOneClient(options: PingOneClientOptions): PingOneClient {
  const { token, environmentId, maxImageBytes, region, baseUrl: explicitBaseUrl, ...clientOptions } = options;
  const baseUrl = explicitBaseUrl ?? pingOneBaseUrl(region);
  const core = createApiClient<PingOnePaths>(
    "pingone",
    { ...clientOptions, baseUrl },
    {
      auth: (redactor) => bearerAuth(token, { redactor }),
      // Every PingOne request body is an image: never JSON-encode it.
      bodySerializer: (body: unknown) => body,
      headers: { Accept: "application/json" },
      requestIdHeaders: PINGONE_REQUEST_ID_HEADERS,
      describeError: describePingOneError,
    },
  );
  const context: PingOneContext = {
    core,
    baseUrl,
    defaultEnvironmentId: environmentId,
    maxImageBytes: maxImageBytes ?? PINGONE_MAX_IMAGE_BYTES,
    maxRetries: clientOptions.maxRetries ?? DEFAULT_MAX_RETRIES,
    signal: clientOptions.signal,
  };
  return {
    baseUrl,
    environmentId,
    createImage: (input, callOptions) => createImage(context, input, callOptions),
    readImage: (imageId, callOptions) => readImage(context, imageId, callOptions),
    deleteImage: (imageId, callOptions) => deleteImage(context, imageId, callOptions),
    raw: core.raw,
  };
}
