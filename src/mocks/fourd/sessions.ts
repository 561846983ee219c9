import { randomHexId } from "./random-id.ts";

/** An open REST session. */
export interface FourDSession {
  /** The cookie value (32 uppercase hex characters). */
  id: string;
  userName: string;
  canUpdate: boolean;
  /** Inactivity timeout in minutes (`session-4D-length`, at least 60). */
  lengthMinutes: number;
  /** Last request that used the session, in ms. */
  lastActivity: number;
}

/** 4D's default inactivity timeout of a REST session, in minutes. */
export const DEFAULT_SESSION_MINUTES = 60;

/** The open sessions, each ending after its inactivity timeout; at most `maxSessions` at once. */
export class SessionTable {
  readonly #sessions = new Map<string, FourDSession>();
  readonly #maxSessions: number;

  constructor(maxSessions: number) {
    this.#maxSessions = maxSessions;
  }

  /** The live session with this ID, touched so that its timeout starts again; an expired one is closed. */
  use(id: string, now: number): FourDSession | undefined {
    const session = this.#sessions.get(id);
    if (!session) {
      return undefined;
    }
    if (this.#expired(session, now)) {
      this.#sessions.delete(id);
      return undefined;
    }
    session.lastActivity = now;
    return session;
  }

  /** Opens a session for a user, or answers `"full"` when `maxSessions` live sessions are open. */
  open(user: { name: string; canUpdate: boolean }, lengthMinutes: number, now: number): FourDSession | "full" {
    for (const session of this.#sessions.values()) {
      if (this.#expired(session, now)) {
        this.#sessions.delete(session.id);
      }
    }
    if (this.#sessions.size >= this.#maxSessions) {
      return "full";
    }
    const session = {
      id: randomHexId(),
      userName: user.name,
      canUpdate: user.canUpdate,
      lengthMinutes,
      lastActivity: now,
    };
    this.#sessions.set(session.id, session);
    return session;
  }

  /** Closes a session; false when it was not open. */
  close(id: string): boolean {
    return this.#sessions.delete(id);
  }

  /** Closes every session. */
  clear(): void {
    this.#sessions.clear();
  }

  #expired(session: FourDSession, now: number): boolean {
    return now - session.lastActivity > session.lengthMinutes * 60_000;
  }
}
