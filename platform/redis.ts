import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "./logger.js";

export type { Redis };

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
}

/** Jittered exponential backoff so a fleet does not reconnect in lockstep after a Redis restart. */
export function redisRetryDelay(attempt: number): number {
  const ceiling = Math.min(2_000, 50 * 2 ** Math.min(attempt, 6));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

export function createRedis(url: string, logger: Logger, options: RedisConnectOptions): Redis {
  const config: RedisOptions = {
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
  const client = new Redis(url, config);
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

/** Resolves once the client is ready (fail-fast clients reject commands before that). */
export async function waitUntilReady(client: Redis, timeoutMs = 10_000): Promise<void> {
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
export async function closeRedis(...clients: Redis[]): Promise<void> {
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
