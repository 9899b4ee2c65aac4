import { randomUUID } from "node:crypto";
import type { Logger } from "../../platform/logger.js";
import type { RedisClient } from "../../platform/redis.js";
import { writeReaderShare } from "./reader-count-store.js";

export interface ReaderCountPublisherDeps {
  redis: RedisClient;
  keyPrefix: string;
  intervalMs: number;
  logger: Logger;
  /** This process's readers per article, now. */
  localCounts: () => Map<string, number>;
  /** Names this process's share in Redis. @default a random UUID */
  serverId?: string;
}

export interface ReaderCountPublisher {
  /** Writes the counts now (the timer does it every interval). */
  publishNow(): Promise<void>;
  /** Stops the timer and removes this process's shares. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Every `intervalMs`, writes this process's count of readers of each article it has readers
 * of, and removes its share of articles it no longer has readers of. Shares are rewritten
 * every interval even when unchanged: that is what keeps them from expiring.
 */
export function startReaderCountPublisher(deps: ReaderCountPublisherDeps): ReaderCountPublisher {
  const serverId = deps.serverId ?? randomUUID();
  const log = deps.logger.child({ readerCounts: serverId });
  /** Articles whose share this process wrote last time, so a drop to 0 removes it. */
  let written = new Set<string>();
  let running: Promise<void> | null = null;
  let stopped = false;

  async function publish(counts: Map<string, number>): Promise<void> {
    const write = { prefix: deps.keyPrefix, serverId, intervalMs: deps.intervalMs, now: Date.now() };
    const gone = [...written].filter((articleId) => !counts.has(articleId));
    const results = await Promise.allSettled([
      ...[...counts].map(([articleId, count]) => writeReaderShare(deps.redis, articleId, count, write)),
      ...gone.map((articleId) => writeReaderShare(deps.redis, articleId, 0, write)),
    ]);
    const failed = results.filter((result) => result.status === "rejected");
    // Kept as written when a removal failed, so the next round tries it again.
    written = new Set([
      ...counts.keys(),
      ...gone.filter((_, i) => results[counts.size + i]?.status === "rejected"),
    ]);
    if (failed.length > 0) {
      log.warn(
        { err: (failed[0] as PromiseRejectedResult).reason, failed: failed.length },
        "writing reader counts",
      );
    }
  }

  /** One round at a time: a slow Redis must not pile rounds up. */
  function publishNow(counts = deps.localCounts()): Promise<void> {
    running ??= publish(counts).finally(() => {
      running = null;
    });
    return running;
  }

  const timer = setInterval(() => {
    if (!stopped) void publishNow();
  }, deps.intervalMs);
  timer.unref();

  return {
    publishNow: () => publishNow(),
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await running;
      await publishNow(new Map());
    },
  };
}
