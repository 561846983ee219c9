import { randomHexId } from "./random-id.ts";

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
export const DEFAULT_UPLOAD_TIMEOUT_SECONDS = 120;

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
