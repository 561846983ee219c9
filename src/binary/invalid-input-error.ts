import { BytewireError, isBytewireError } from "../core/errors.ts";

/**
 * Thrown when a value handed to a binary helper cannot be used: bad base64, an unsupported upload input, a body that
 * was already read, a stream whose length differs from the one declared. `code` says which case it is; the message
 * describes the value (its type, a position, a length) but never repeats its contents.
 *
 * @example
 * try {
 *   decodeBase64(text);
 * } catch (error) {
 *   if (error instanceof InvalidInputError && error.code === "INVALID_BASE64") {
 *     // ...
 *   }
 * }
 */
export class InvalidInputError extends BytewireError {
  override name = "InvalidInputError" as const;
  /**
   * What was wrong, in SCREAMING_SNAKE_CASE. The binary helpers use `INVALID_BASE64`, `UNSUPPORTED_INPUT`,
   * `SIZE_MISMATCH`, `BODY_ALREADY_USED`, `BODY_LENGTH_MISMATCH`, `INVALID_BOUNDARY`, `INVALID_HEADER_VALUE` and
   * `UNSUPPORTED_RUNTIME`; each client documents the codes of its own checks (e.g. PingOne's `IMAGE_TOO_LARGE`).
   */
  readonly code: string;

  /** Creates the error with its `code`, a message that never contains the input itself, and an optional `cause`. */
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  /** Name, code and message: safe to log, the input is never part of it. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), code: this.code };
  }
}

/** Whether a value is an {@link InvalidInputError} (cross-realm safe). */
export function isInvalidInputError(error: unknown): error is InvalidInputError {
  return isBytewireError(error) && error.name === "InvalidInputError";
}
