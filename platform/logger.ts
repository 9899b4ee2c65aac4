import { pino, symbols, type DestinationStream, type Logger } from "pino";
import { redactUrl, redactUrlsIn } from "./redact-url.js";

export type { Logger };

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
  "REDIS_PASSWORD",
  "*.REDIS_PASSWORD",
  "body",
  "*.body",
  "html",
  "*.html",
];

/** A field whose name ends in "url" holds one URL: it may carry credentials without a scheme. */
const URL_KEY = /url$/i;

/**
 * Errors as name, message and stack only: library errors carry extra fields (ioredis puts the
 * whole command, entry bodies included, on its errors) that must not reach a log.
 */
function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return { message: redactUrlsIn(String(err)) };
  return { type: err.name, message: redactUrlsIn(err.message), stack: err.stack && redactUrlsIn(err.stack) };
}

/** How deep a logged object is searched for URLs; deeper values are logged as they are. */
const SCRUB_DEPTH = 6;

/**
 * A log line's fields with the credentials of every URL in a string removed (redactUrlsIn), at
 * any key and down to SCRUB_DEPTH: a `webhookUrl`, a URL quoted in a message; a field named
 * `…url` is taken as one URL (redactUrl), so `user:pass@host` without a scheme loses its
 * credentials too. Plain objects and arrays are copied only where something changed; errors below the top level are serialised
 * (the `err` serializer takes the top-level one); other class instances are left to their
 * serializers.
 */
function scrub(value: unknown, depth: number): unknown {
  if (typeof value === "string") return redactUrlsIn(value);
  if (typeof value !== "object" || value === null || depth > SCRUB_DEPTH) return value;
  if (value instanceof Error) return serializeError(value);
  if (Array.isArray(value)) {
    const items = value.map((item) => scrub(item, depth + 1));
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto !== Object.prototype && proto !== null) return value;
  let copy: Record<string, unknown> | null = null;
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    const scrubbed =
      key === "err" && depth === 0
        ? field
        : typeof field === "string" && URL_KEY.test(key)
          ? redactUrl(field)
          : scrub(field, depth + 1);
    if (scrubbed !== field) (copy ??= { ...value })[key] = scrubbed;
  }
  return copy ?? value;
}

function scrubFields(fields: Record<string, unknown>): Record<string, unknown> {
  return scrub(fields, 0) as Record<string, unknown>;
}

/**
 * A child's bindings are written once, as JSON, when it is made (pino passes them through no
 * formatter): a child whose bindings hold a URL with credentials gets them scrubbed here.
 */
function scrubChildBindings(child: Logger): void {
  const bound = child as unknown as Record<symbol, string>;
  const fragment = bound[symbols.chindingsSym] ?? "";
  if (!fragment.includes("@")) return;
  const fields = JSON.parse(`{${fragment.slice(1)}}`) as Record<string, unknown>;
  bound[symbols.chindingsSym] = `,${JSON.stringify(scrubFields(fields)).slice(1, -1)}`;
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
      redact: { paths: REDACT, censor: "[redacted]" },
      base: { pid: process.pid },
      serializers: {
        err: serializeError,
        msg: (msg: unknown) => (typeof msg === "string" ? redactUrlsIn(msg) : msg),
      },
      formatters: { log: scrubFields, bindings: scrubFields },
      onChild: scrubChildBindings,
    },
    options.destination,
  );
}
