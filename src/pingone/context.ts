import { InvalidInputError } from "../binary/invalid-input-error.ts";
import type { ApiClient } from "../core/client.ts";
import { requestOf } from "../core/transport.ts";
import { pingOneApiError } from "./errors.ts";
import type { PingOnePaths } from "./types.ts";

/** What the task methods of a PingOne client share. */
export interface PingOneContext {
  /** The core client (raw openapi-fetch client, transports, redactor). */
  core: ApiClient<PingOnePaths>;
  /** The API root, `/v1` included. */
  baseUrl: string;
  /** The client's default environment, if one was given. */
  defaultEnvironmentId: string | undefined;
  /** Largest image sent. */
  maxImageBytes: number;
  /** Retries of a request (the client's `maxRetries`). */
  maxRetries: number;
  /** The client's own signal. */
  signal: AbortSignal | undefined;
}

/**
 * The environment of a call: the call's own, else the client's.
 *
 * @throws {InvalidInputError} `MISSING_ENVIRONMENT_ID` when neither gives a non-empty one
 */
export function resolveEnvironmentId(context: PingOneContext, callValue: string | undefined): string {
  const environmentId = callValue ?? context.defaultEnvironmentId;
  if (environmentId === undefined || environmentId === "") {
    throw new InvalidInputError(
      "MISSING_ENVIRONMENT_ID",
      "No PingOne environment ID: pass `environmentId` to createPingOneClient() or to this call.",
    );
  }
  return environmentId;
}

/**
 * Throws `MISSING_IMAGE_ID` for an empty image ID, which would address the collection instead of an image.
 */
export function checkImageId(imageId: string): void {
  if (typeof imageId !== "string" || imageId === "") {
    throw new InvalidInputError("MISSING_IMAGE_ID", "The image ID must be a non-empty string (the `id` of an image).");
  }
}

/** An openapi-fetch result: `data` on success, the parsed `error` body otherwise. */
type FetchResult<Data> = { data?: Data; error?: unknown; response: Response };

/**
 * Returns `data` of a 2xx result, or throws PingOne's {@link ApiError} (`code` from `P1Error`, `requestId` = its `id`).
 *
 * @throws {ApiError} when the status is not 2xx
 */
export function expectPingOneData<Data>(context: PingOneContext, result: FetchResult<Data>): Data {
  if (result.response.ok) {
    return result.data as Data;
  }
  const origin = requestOf(result.response);
  throw pingOneApiError(result.response, result.error, {
    ...context.core.errorContext,
    method: origin?.method,
    url: origin?.url,
  });
}
