import { z } from "zod";

const port = z.coerce.number().int().min(0).max(65_535);
const positiveInt = z.coerce.number().int().positive();

/**
 * Every setting Herald reads, from the environment, once at start-up.
 * docs/configuration.md lists them; nothing else reads `process.env`.
 */
export const configSchema = z.object({
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
    .default("redis://127.0.0.1:6379"),
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: port.default(3000),
  KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, "must be 1-64 characters of A-Z a-z 0-9 : _ . -")
    .default("herald:"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_RETENTION: positiveInt.min(10).max(100_000).default(1000),
  RESET_ENTRIES: positiveInt.max(500).default(50),
  WORKER_CONCURRENCY: positiveInt.max(1000).default(16),
  CORS_ORIGINS: z.string().default("*"),
  BODY_LIMIT_BYTES: positiveInt.max(10_000_000).default(65_536),
  IDEMPOTENCY_TTL_SECONDS: positiveInt.default(86_400),
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
  /** On shutdown, readers are disconnected at random moments within this window. */
  DRAIN_SPREAD_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  /** `off` turns every rate limit off (load tests on one machine); never in production. */
  RATE_LIMITS: z.enum(["on", "off"]).default("on"),
  /** Writes (POST, PATCH, DELETE, PUT) one editor token may make per minute. */
  RATE_WRITES_PER_MINUTE: positiveInt.default(600),
  /** Public HTTP reads one client IP may make per minute. */
  RATE_READS_PER_MINUTE: positiveInt.default(600),
  /** New socket connections one client IP may open per minute. */
  RATE_CONNECTIONS_PER_MINUTE: positiveInt.default(300),
  /** Socket subscribes one client IP may send per minute (reconnects and gap fills included). */
  RATE_SUBSCRIBES_PER_MINUTE: positiveInt.default(1_200),
  /** Open socket connections one client IP may hold on one server process. */
  MAX_CONNECTIONS_PER_IP: positiveInt.default(1_000),
  /** Events one socket may send per second before they are refused; 5× that disconnects it. */
  SOCKET_EVENTS_PER_SECOND: positiveInt.default(20),
  /**
   * Secret (32+ characters) that signs reader tokens for private articles. Unset: one is
   * made once and kept in Redis, shared by every process on it.
   */
  READER_TOKEN_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** First retry delay of a failed webhook delivery; it doubles on each of 10 tries. */
  WEBHOOK_RETRY_BASE_MS: positiveInt.default(1_000),
  /** How long a webhook receiver may take to answer. */
  WEBHOOK_TIMEOUT_MS: positiveInt.max(60_000).default(10_000),
  /** `on` serves the queue dashboard (Bull Board) at /admin/queues to tokens whose scope is `*`. */
  QUEUE_DASHBOARD: z.enum(["on", "off"]).default("off"),
  /** Port of a worker process's `/metrics` and `/healthz`; 0 turns it off. */
  WORKER_METRICS_PORT: port.default(9101),
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** How long a worker holds a job before another may take it over (BullMQ lockDuration). */
  WORKER_LOCK_MS: positiveInt.min(1_000).default(30_000),
  /** How often workers look for jobs whose worker died (BullMQ stalledInterval). */
  WORKER_STALLED_INTERVAL_MS: positiveInt.min(500).default(30_000),
  /**
   * Fault injection, for the fault tests only: `crash-after-apply` makes the worker kill
   * itself (SIGKILL) right after applying its first job, before publishing or completing it.
   */
  FAULT_INJECTION: z.enum(["none", "crash-after-apply"]).default("none"),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses the environment; a bad value throws one line naming the variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = configSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = issue?.path.join(".") ?? "environment";
  const got = typeof env[name] === "string" ? ` (got ${JSON.stringify(env[name])})` : "";
  throw new ConfigError(`Invalid ${name}${got}: ${issue?.message ?? "invalid value"}`);
}

/** Loads the config or prints the one-line reason and exits. For process entry points only. */
export function loadConfigOrExit(env: Record<string, string | undefined>): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`herald: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
