import type { components } from "../../../generated/schema.ts";
import type { MockContext, Problem } from "../runtime/types.ts";
import { badRequest } from "./errors.ts";
import { type FourDPrincipal, randomHexId } from "./sessions.ts";

/*
 * `$upload`: files kept under a single-use ID until `$method=update` assigns them to an attribute.
 */

/** A file received by `$upload`, waiting to be assigned to an attribute. */
export interface PendingUpload {
  id: string;
  bytes: Uint8Array;
  /** The request's Content-Type without parameters, lower case; `undefined` when none was sent. */
  contentType: string | undefined;
  /** `picture` for `$rawPict=true`, `binary` for `$binary=true`. */
  sentAs: "picture" | "binary";
  /** When the ID stops being usable (upload time plus `$timeout`), in ms. */
  expiresAt: number;
}

/** 4D's default `$timeout` of an upload, in seconds. */
const DEFAULT_UPLOAD_TIMEOUT_SECONDS = 120;

/**
 * Uploaded files by ID. An ID is single-use: the save that assigns it consumes it (4D does not say whether an ID can
 * be assigned twice; single use keeps one upload from silently landing in several entities). Expired files are
 * dropped, so memory does not grow with abandoned uploads.
 */
export class UploadTable {
  #uploads = new Map<string, PendingUpload>();

  /** Keeps a file under a new random ID (dropping the expired ones first). */
  add(upload: Omit<PendingUpload, "id">, now: number): PendingUpload {
    this.#dropExpired(now);
    const stored = { ...upload, id: randomHexId() };
    this.#uploads.set(stored.id, stored);
    return stored;
  }

  /** The upload with this ID if it exists and has not expired. */
  get(id: string, now: number): PendingUpload | undefined {
    const upload = this.#uploads.get(id);
    if (upload && now > upload.expiresAt) {
      this.#uploads.delete(id);
      return undefined;
    }
    return upload;
  }

  /** Uses up an ID once its file is saved. */
  consume(id: string): void {
    this.#uploads.delete(id);
  }

  /** Starts a transaction: the returned function brings consumed IDs back. */
  begin(): () => void {
    const saved = new Map(this.#uploads);
    return () => {
      this.#uploads = saved;
    };
  }

  /** Forgets every upload. */
  clear(): void {
    this.#uploads.clear();
  }

  #dropExpired(now: number): void {
    for (const upload of this.#uploads.values()) {
      if (now > upload.expiresAt) {
        this.#uploads.delete(upload.id);
      }
    }
  }
}

type FourDUploadRef = components["schemas"]["FourDUploadRef"];

/**
 * `POST /rest/$upload`: keeps the raw body for `$timeout` seconds (120 by default) and answers its ID. Exactly one of
 * `$rawPict=true` (a picture) and `$binary=true` (any file) must be sent; whether the bytes are really a picture is
 * checked when the ID is assigned to a picture attribute, where 4D converts it.
 */
export function uploadFile(uploads: UploadTable, context: MockContext<FourDPrincipal>): Response | Problem {
  const { query, body } = context;
  const rawPict = query.get("$rawPict") === "true";
  const binary = query.get("$binary") === "true";
  if (rawPict === binary) {
    return badRequest("Send $rawPict=true for a picture or $binary=true for any other file (one of them)");
  }
  if (body.kind !== "binary" || body.bytes.byteLength === 0) {
    return badRequest("The upload has no file: send the file's bytes as the request body");
  }
  const timeout = Number(query.get("$timeout") ?? DEFAULT_UPLOAD_TIMEOUT_SECONDS);
  const upload = uploads.add(
    {
      bytes: body.bytes,
      contentType: body.contentType?.split(";")[0]?.trim().toLowerCase() || undefined,
      sentAs: rawPict ? "picture" : "binary",
      expiresAt: context.now() + timeout * 1000,
    },
    context.now(),
  );
  const answer: FourDUploadRef = { ID: upload.id };
  return Response.json(answer);
}
