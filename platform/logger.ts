import { pino, type DestinationStream, type Logger } from "pino";
import { redactUrl } from "./redact-url.js";

export type { Logger };

/** URLs are logged without their credentials (redactUrl), under these keys. */
const URL_PATHS = ["url", "*.url", "redisUrl", "*.redisUrl"];

/** Paths never written to a log: tokens, secrets, passwords, credentials and entry content. */
const REDACT = [
  "token",
  "*.token",
  "secret",
  "*.secret",
  "password",
  "*.password",
  "authorization",
  "*.authorization",
  "req.headers.authorization",
  "req.headers.cookie",
  "READER_TOKEN_SECRET",
  "*.READER_TOKEN_SECRET",
  "METRICS_TOKEN",
  "*.METRICS_TOKEN",
  "REDIS_URL",
  "*.REDIS_URL",
  "REDIS_PASSWORD",
  "*.REDIS_PASSWORD",
  "body",
  "*.body",
  "html",
  "*.html",
  ...URL_PATHS,
];

/** A URL keeps its host and path (they help) and loses its credentials; anything else goes. */
function censor(value: unknown, path: string[]): unknown {
  return typeof value === "string" && /url$/i.test(path.at(-1) ?? "") ? redactUrl(value) : "[redacted]";
}

/**
 * Errors as name, message and stack only: library errors carry extra fields (ioredis puts the
 * whole command, entry bodies included, on its errors) that must not reach a log.
 */
function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return { message: String(err) };
  return { type: err.name, message: err.message, stack: err.stack };
}

export function createLogger(options: {
  level: string;
  name: string;
  /** Where lines go; stdout by default. */
  destination?: DestinationStream;
}): Logger {
  return pino(
    {
      name: options.name,
      level: options.level,
      redact: { paths: REDACT, censor },
      base: { pid: process.pid },
      serializers: { err: serializeError },
    },
    options.destination,
  );
}
