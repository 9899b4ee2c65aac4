import { Cluster, Redis, type ClusterOptions, type RedisOptions } from "ioredis";
import type { Config } from "./config.js";
import type { Logger } from "./logger.js";

export type { Redis, Cluster };

/** A connection to Herald's Redis: one server, or a Redis Cluster (`REDIS_CLUSTER_NODES`). */
export type RedisClient = Redis | Cluster;

/**
 * ioredis's own options without `replyMapping`, which its constructors type more narrowly
 * than `RedisOptions` does (they disagree under `exactOptionalPropertyTypes`); Herald never
 * sets it.
 */
type NodeOptions = Omit<RedisOptions, "replyMapping">;

/** Where Herald's Redis is: a URL, or a cluster's seed nodes and credentials. */
export type RedisTarget =
  | { kind: "single"; url: string }
  | { kind: "cluster"; nodes: { host: string; port: number }[]; username?: string; password?: string };

/** The Redis the configuration names: REDIS_CLUSTER_NODES when set, else REDIS_URL. */
export function redisTarget(
  config: Pick<Config, "REDIS_URL" | "REDIS_CLUSTER_NODES" | "REDIS_USERNAME" | "REDIS_PASSWORD">,
): RedisTarget {
  if (!config.REDIS_CLUSTER_NODES) return { kind: "single", url: config.REDIS_URL };
  const nodes = config.REDIS_CLUSTER_NODES.split(",").map((seed) => {
    const at = seed.lastIndexOf(":");
    return { host: seed.slice(0, at), port: Number(seed.slice(at + 1)) };
  });
  return {
    kind: "cluster",
    nodes,
    ...(config.REDIS_USERNAME ? { username: config.REDIS_USERNAME } : {}),
    ...(config.REDIS_PASSWORD ? { password: config.REDIS_PASSWORD } : {}),
  };
}

/** True for a connection to a Redis Cluster. */
export function isCluster(client: RedisClient): client is Cluster {
  return client instanceof Cluster;
}

export interface RedisConnectOptions {
  /** What the connection is for, in logs: "commands", "pubsub", "queue", ... */
  role: string;
  /**
   * Request-path clients fail fast while Redis is down (the API answers 503 at once);
   * BullMQ workers need `null` so they wait instead.
   */
  failFast?: boolean;
  /** BullMQ workers require `maxRetriesPerRequest: null`. */
  blocking?: boolean;
  /** Cluster mode: this client subscribes with `SSUBSCRIBE` (the sharded adapter's). */
  shardedPubSub?: boolean;
}

/** Jittered exponential backoff so a fleet does not reconnect in lockstep after a Redis restart. */
export function redisRetryDelay(attempt: number): number {
  const ceiling = Math.min(2_000, 50 * 2 ** Math.min(attempt, 6));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/**
 * A connection for one role. On a cluster, ioredis follows `MOVED`/`ASK` redirections and
 * refreshes the slot map after a failover; a command whose primary is gone is tried again
 * every `retryDelayOnFailover` (200 ms), up to 16 times: held about 3 s, it then fails (the
 * API answers 503) unless the replica took over meanwhile.
 */
export function createRedis(
  target: RedisTarget | string,
  logger: Logger,
  options: RedisConnectOptions,
): RedisClient {
  const where: RedisTarget = typeof target === "string" ? { kind: "single", url: target } : target;
  const config: NodeOptions = {
    lazyConnect: false,
    connectionName: `herald-${options.role}`,
    retryStrategy: redisRetryDelay,
    maxRetriesPerRequest: options.blocking ? null : options.failFast ? 1 : 20,
    enableOfflineQueue: !options.failFast,
    connectTimeout: 5_000,
    // No auto-pipelining: when a connection drops mid-pipeline ioredis throws an uncaught
    // "results[i] is not iterable" that takes the process down (ioredis#1931; seen in
    // test/faults/pubsub-drop.test.ts). Its saving was a few syscalls per request.
  };
  const client: RedisClient =
    where.kind === "single"
      ? new Redis(where.url, config)
      : new Cluster(where.nodes, clusterOptions(where, config, options));
  const log = logger.child({ redis: options.role });
  let lastError = "";
  client.on("error", (err: Error) => {
    // One line per distinct error, not one per reconnect attempt.
    if (err.message !== lastError) log.warn({ err }, "redis connection error");
    lastError = err.message;
  });
  client.on("ready", () => {
    if (lastError) log.info("redis connection restored");
    lastError = "";
  });
  return client;
}

function clusterOptions(
  target: Extract<RedisTarget, { kind: "cluster" }>,
  nodeOptions: NodeOptions,
  options: RedisConnectOptions,
) {
  return {
    redisOptions: {
      ...nodeOptions,
      ...(target.username ? { username: target.username } : {}),
      ...(target.password ? { password: target.password } : {}),
    },
    clusterRetryStrategy: redisRetryDelay,
    enableOfflineQueue: !options.failFast,
    // Reads go to primaries too: a replica may lag behind the log a reader was just sent.
    scaleReads: "master",
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
    retryDelayOnTryAgain: 100,
    slotsRefreshTimeout: 2_000,
    // Sharded pub/sub (the Socket.IO sharded adapter): one subscriber per primary, each
    // told of the channels of its own slots, moved with them after a failover.
    shardedSubscribers: options.shardedPubSub === true,
  } satisfies ClusterOptions;
}

/** Resolves once the client is ready (fail-fast clients reject commands before that). */
export async function waitUntilReady(client: RedisClient, timeoutMs = 10_000): Promise<void> {
  if (client.status === "ready") return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Redis not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      client.off("ready", onReady);
    };
    client.on("ready", onReady);
  });
}

/** Closes clients, each in its own try so one failure does not leak the others. Safe to call twice. */
export async function closeRedis(...clients: RedisClient[]): Promise<void> {
  await Promise.all(
    clients.map(async (client) => {
      if (client.status === "end") return;
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
    }),
  );
}
