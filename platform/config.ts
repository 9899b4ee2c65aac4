import { z } from "zod";
import { isLoopbackHost, publicOriginSchema } from "./public-origin.js";
import { redactUrl, redactUrlsIn } from "./redact-url.js";

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
  /**
   * Redis Cluster mode: seed nodes, `host:port,host:port,…` (any few of the cluster's nodes;
   * the rest are discovered). Set, every process uses an ioredis `Cluster` and REDIS_URL is
   * not read. docs/operations.md, "Redis Cluster".
   */
  REDIS_CLUSTER_NODES: z
    .string()
    .regex(/^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/, "must be host:port,host:port,… (seed nodes)")
    .optional(),
  /** Cluster mode: the ACL user every node is asked as (single Redis: in REDIS_URL). */
  REDIS_USERNAME: z.string().min(1).optional(),
  /** Cluster mode: that user's password (single Redis: in REDIS_URL). */
  REDIS_PASSWORD: z.string().min(1).optional(),
  /**
   * Replicas that must hold an applied update before the worker sends it to readers (Redis
   * `WAIT` on the article's primary). 0: Redis's asynchronous replication, so a failover may
   * lose the last updates readers were pushed. 1 or more: it loses none of them, for a round
   * trip to a replica per update; while a primary has fewer replicas, its updates are held
   * back. Either way, on a Redis Cluster each article starts a new epoch at its first update
   * after its primary failed over (readers reload once).
   */
  REDIS_WAIT_REPLICAS: z.coerce.number().int().min(0).max(5).default(0),
  /** How long one `WAIT` may take; past it the job fails and is retried (with backoff). */
  REDIS_WAIT_TIMEOUT_MS: positiveInt.max(10_000).default(500),
  HOST: z.string().min(1).default("0.0.0.0"),
  /** `production`: PUBLIC_URL is required and /metrics needs METRICS_TOKEN (docs/configuration.md). */
  NODE_ENV: z.string().min(1).default("development"),
  /**
   * The origin readers reach Herald at (`https://live.example.com`): every absolute URL Herald
   * writes is built on it, never on the request's Host. Unset outside production: the request's.
   */
  PUBLIC_URL: publicOriginSchema.optional(),
  PORT: port.default(3000),
  KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, "must be 1-64 characters of A-Z a-z 0-9 : _ . -")
    .default("herald:"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_RETENTION: positiveInt.min(10).max(100_000).default(1000),
  RESET_ENTRIES: positiveInt.max(500).default(50),
  /**
   * Bytes of records (updates or entries) in one catch-up answer: a socket subscribe, a
   * reset, `GET …/updates`, `GET …/entries`. Always at least one record; the client pages on.
   */
  CATCHUP_MAX_BYTES: positiveInt.min(65_536).max(16_777_216).default(1_048_576),
  /** Updates in one catch-up answer (socket), and the default `limit` of `GET …/updates`. */
  CATCHUP_MAX_RECORDS: positiveInt.max(500).default(100),
  /**
   * Public reads (`GET` article, entries, updates, embed page): `max-age` and `s-maxage` of
   * their `Cache-Control`, so a CDN and the browser may serve them this long without asking.
   */
  READ_CACHE_MAX_AGE_S: z.coerce.number().int().min(0).max(60).default(1),
  /** Public reads: `stale-while-revalidate`, how long a cache may serve a stale copy while it refreshes. */
  READ_CACHE_SWR_S: z.coerce.number().int().min(0).max(3_600).default(10),
  /** Public reads: `stale-if-error`, how long a cache may serve a stale copy while Herald fails. */
  READ_CACHE_STALE_IF_ERROR_S: z.coerce.number().int().min(0).max(86_400).default(300),
  /** `on`: identical public reads in flight together in one process share one Redis read. */
  READ_COALESCING: z.enum(["on", "off"]).default("on"),
  /**
   * How long a server trusts an editor token it verified without asking Redis again: the
   * longest a revocation made elsewhere takes to apply. 0 asks Redis on every request.
   */
  TOKEN_CACHE_MS: z.coerce.number().int().min(0).max(1_000).default(1_000),
  /** An entry whose Markdown renders to more HTML than this is refused (`413 entry_too_large`). */
  ENTRY_HTML_MAX_BYTES: positiveInt.min(4_096).max(1_048_576).default(65_536),
  WORKER_CONCURRENCY: positiveInt.max(1000).default(16),
  /**
   * Updates of one article that a worker applies within this many ms after the last one it
   * sent go to readers together, one frame per reader; the first after a quiet spell goes at
   * once. 0 sends each update alone.
   */
  BATCH_WINDOW_MS: z.coerce.number().int().min(0).max(1_000).default(20),
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
  /**
   * Socket connections one server process holds at most (admission control): past it a
   * handshake is refused with `over_capacity` and the client polls `GET …/updates` instead.
   * 0: no cap.
   */
  MAX_SOCKETS: z.coerce.number().int().min(0).default(0),
  /**
   * Connections the kernel queues for the server before it accepts them (listen backlog; the
   * kernel caps it at net.core.somaxconn). Node's 511 overflows when thousands of readers
   * come back at once; a dropped SYN is retried only after 1, 3, 7, 15… s.
   */
  LISTEN_BACKLOG: positiveInt.max(65_535).default(4_096),
  /** Seconds a client refused with `over_capacity` waits (±50 %) before it tries the socket again; it polls meanwhile. */
  OVER_CAPACITY_RETRY_S: positiveInt.max(3_600).default(30),
  /** Seconds between a polling client's polls, advised on every `GET …/updates` (`Herald-Poll-Interval`). */
  POLL_INTERVAL_S: positiveInt.max(300).default(5),
  /**
   * How often each server process writes its per-article reader counts to Redis ("N reading
   * now"). A process's share expires 3 intervals after its last write, so a dead process
   * stops counting within that. Every process should use the same value.
   */
  READER_COUNT_INTERVAL_MS: positiveInt.min(100).max(60_000).default(5_000),
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
  /**
   * `1`: webhooks may be delivered to loopback and private addresses (tests, local
   * development). Off: only public addresses. Refused with NODE_ENV=production.
   */
  WEBHOOK_ALLOW_PRIVATE: z
    .enum(["1", "0", "true", "false", "on", "off", "yes", "no"])
    .transform((value) => ["1", "true", "on", "yes"].includes(value))
    .default(false),
  /** `on` serves the queue dashboard (Bull Board) at /admin/queues to operator tokens. */
  QUEUE_DASHBOARD: z.enum(["on", "off"]).default("off"),
  /** Port of a worker process's `/metrics` and `/healthz`; 0 turns it off. */
  WORKER_METRICS_PORT: port.default(9101),
  /** Address of a worker process's metrics listener; loopback unless Prometheus scrapes from elsewhere. */
  METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  /** Set: every `/metrics` needs `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
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

export function isProduction(config: Pick<Config, "NODE_ENV">): boolean {
  return config.NODE_ENV === "production";
}

/** Variables whose value a message never repeats; any other value is repeated without credentials. */
const SECRET_NAME = /(SECRET|TOKEN|PASSWORD)$/;

/**
 * A rejected value as a message may show it: every `scheme://` URL in it without credentials
 * (REDIS_CLUSTER_NODES=redis://u:pw@h:6379 is a mistake worth naming), and a `user:pass@host`
 * without a scheme without everything before its last `@`.
 */
function withoutCredentials(value: string): string {
  if (value.includes("://")) return redactUrlsIn(value);
  return value.includes("@") ? redactUrl(value) : value;
}

function shown(name: string, value: string | undefined): string {
  if (typeof value !== "string" || SECRET_NAME.test(name)) return "";
  return ` (got ${JSON.stringify(withoutCredentials(value))})`;
}

/** What a laptop may leave unset and a production deployment may not. */
function checkProduction(config: Config): void {
  if (!isProduction(config)) return;
  if (config.WEBHOOK_ALLOW_PRIVATE)
    throw new ConfigError(
      "Invalid WEBHOOK_ALLOW_PRIVATE: must be off with NODE_ENV=production (it lets webhooks reach private addresses)",
    );
  if (!config.PUBLIC_URL)
    throw new ConfigError(
      "Missing PUBLIC_URL: with NODE_ENV=production, set it to the origin readers use, e.g. https://live.example.com",
    );
  if (!config.METRICS_TOKEN && config.WORKER_METRICS_PORT !== 0 && !isLoopbackHost(config.METRICS_HOST))
    throw new ConfigError(
      `Missing METRICS_TOKEN: with NODE_ENV=production, metrics on METRICS_HOST=${config.METRICS_HOST} need one (or keep METRICS_HOST on 127.0.0.1)`,
    );
}

/** Parses the environment; a bad value throws one line naming the variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = configSchema.safeParse(present);
  if (parsed.success) {
    checkProduction(parsed.data);
    return parsed.data;
  }
  const issue = parsed.error.issues[0];
  const name = issue?.path.join(".") ?? "environment";
  throw new ConfigError(`Invalid ${name}${shown(name, env[name])}: ${issue?.message ?? "invalid value"}`);
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
