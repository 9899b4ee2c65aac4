import { pino, type Logger } from "pino";

export type { Logger };

/** Paths never written to a log: tokens, credentials and entry content. */
const REDACT = [
  "token",
  "*.token",
  "authorization",
  "*.authorization",
  "req.headers.authorization",
  "req.headers.cookie",
  "body",
  "*.body",
  "html",
  "*.html",
];

/**
 * Errors as name, message and stack only: library errors carry extra fields (ioredis puts the
 * whole command, entry bodies included, on its errors) that must not reach a log.
 */
function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return { message: String(err) };
  return { type: err.name, message: err.message, stack: err.stack };
}

export function createLogger(options: { level: string; name: string }): Logger {
  return pino({
    name: options.name,
    level: options.level,
    redact: { paths: REDACT, censor: "[redacted]" },
    base: { pid: process.pid },
    serializers: { err: serializeError },
  });
}
