import type { ApiName } from "./errors.ts";

/** Severity of a log entry, lowest first. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** The least severe level that is written, or `"off"`. */
export type LogLevelSetting = LogLevel | "off";

const SEVERITY: Readonly<Record<LogLevelSetting, number>> = { debug: 0, info: 1, warn: 2, error: 3, off: 4 };

/**
 * One attempt of one request, as the transport reports it. URLs and headers are redacted; bodies are never logged.
 * Levels: `info` for an answer below 400, `warn` for 4xx/5xx and for a failed attempt that will be retried, `error`
 * for a failure that ends the request (`info` when the caller aborted it); `debug` adds one entry per attempt with the
 * redacted request and response headers.
 */
export interface RequestLogEntry {
  /** Severity. */
  level: LogLevel;
  /** One line: `cumulocity GET https://…/inventory/binaries/42 → 404 in 31 ms (attempt 1)`. */
  message: string;
  /** Which API. */
  api: ApiName;
  /** HTTP method. */
  method: string;
  /** Request URL, redacted. */
  url: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Time until the response headers arrived, or until the attempt failed. */
  durationMs: number;
  /** HTTP status, when a response arrived. */
  status: number | undefined;
  /** The server's request id, when it sent one. */
  requestId: string | undefined;
  /** `name: message` of the error, when the attempt failed without a response. */
  error: string | undefined;
  /** When the attempt will be retried: the wait before the next one. */
  retryInMs: number | undefined;
  /** Redacted request headers (debug entries only). */
  requestHeaders?: Record<string, string>;
  /** Redacted response headers (debug entries only). */
  responseHeaders?: Record<string, string>;
}

/** A console-style method: a message, then the structured entry. */
export type LogMethod = (message: string, entry: RequestLogEntry) => void;

/** A console-like object; `console` itself fits, and so do pino or winston loggers. Missing levels are skipped. */
export interface LoggerObject {
  debug?: LogMethod;
  info?: LogMethod;
  warn?: LogMethod;
  error?: LogMethod;
}

/**
 * Where request logs go: a console-like object, or one function receiving every entry.
 *
 * @example
 * createHdapClient({ baseUrl, logger: console, logLevel: "debug" });
 * createHdapClient({ baseUrl, logger: (entry) => metrics.observe(entry.durationMs) });
 */
export type Logger = LoggerObject | ((entry: RequestLogEntry) => void);

/** A logger bound to a level. */
export interface LogSink {
  /** Whether entries of this level are written. */
  enabled(level: LogLevel): boolean;
  /** Writes the entry if its level is enabled; a logger that throws is ignored. */
  write(entry: RequestLogEntry): void;
}

/** Binds a logger to a minimum level; returns `undefined` when nothing would ever be written. */
export function createLogSink(logger: Logger | undefined, level: LogLevelSetting = "info"): LogSink | undefined {
  if (logger === undefined || level === "off") {
    return undefined;
  }
  const minimum = SEVERITY[level];
  const enabled = (entryLevel: LogLevel) => SEVERITY[entryLevel] >= minimum;
  return {
    enabled,
    write(entry) {
      if (!enabled(entry.level)) {
        return;
      }
      try {
        if (typeof logger === "function") {
          logger(entry);
        } else {
          // Called as a method: pino and winston need their `this`.
          logger[entry.level]?.(entry.message, entry);
        }
      } catch {
        // Logging must never turn a successful request into a failure.
      }
    },
  };
}
