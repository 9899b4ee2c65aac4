import type { RedisClient } from "../../platform/redis.js";
import { articleRoom } from "../../protocol/index.js";
import { readUpdatesSince } from "../../article-log/read.js";
import type { Logger } from "../../platform/logger.js";
import type { FanOutTracker } from "./fanout-tracker.js";
import type { LiveNamespace } from "./live-namespace.js";

export interface FanOutRepairDeps {
  live: LiveNamespace;
  tracker: FanOutTracker;
  redis: RedisClient;
  /** The adapter's subscriber connection: a reconnect means messages may have been dropped. */
  subscriber: RedisClient;
  keyPrefix: string;
  retention: number;
  logger: Logger;
  onRepaired: (count: number) => void;
  /** How often to look for holes that did not fill by themselves. */
  intervalMs?: number;
}

/**
 * Redis pub/sub drops whatever is published while a subscriber is disconnected or cut off
 * as too slow. When this server's subscriber comes back, and whenever a hole in an article's
 * fan-out outlives one check, it reads the log after the last seq its readers surely have
 * and sends those updates to its own readers only. Clients drop what they already hold.
 */
export function startFanOutRepair(deps: FanOutRepairDeps): { stop(): void } {
  const log = deps.logger.child({ part: "fanout-repair" });
  let wasDown = false;
  let lastHoles = new Map<string, number>();

  async function repair(targets: { articleId: string; epoch: string | null; after: number }[]) {
    let sent = 0;
    for (const target of targets) {
      let read = await readUpdatesSince(deps.redis, deps.keyPrefix, target.articleId, {
        since: target.after,
        ...(target.epoch ? { epoch: target.epoch } : {}),
        limit: deps.retention,
      });
      if (read.status === "gone" && read.seq > 0) {
        // A new epoch or a log moved past us: the newest record is enough to make clients resync.
        read = await readUpdatesSince(deps.redis, deps.keyPrefix, target.articleId, {
          since: read.seq - 1,
          limit: 1,
        });
      }
      if (read.status !== "ok" || read.updates.length === 0) continue;
      const room = deps.live.local.to(articleRoom(target.articleId));
      for (const update of read.updates) room.emit("update", update);
      sent += read.updates.length;
      deps.tracker.repaired(target.articleId, read.epoch, read.seq);
    }
    if (sent > 0) {
      deps.onRepaired(sent);
      log.info({ sent, articles: targets.length }, "re-sent updates from the log");
    }
  }

  const run = (targets: { articleId: string; epoch: string | null; after: number }[]) => {
    repair(targets).catch((err: unknown) => log.warn({ err }, "fan-out repair failed"));
  };

  const onClose = () => {
    wasDown = true;
  };
  const onReady = () => {
    if (!wasDown) return;
    wasDown = false;
    run(deps.tracker.positions());
  };
  deps.subscriber.on("close", onClose);
  deps.subscriber.on("ready", onReady);

  const timer = setInterval(() => {
    const holes = deps.tracker.holes();
    // Out-of-order arrival leaves holes for milliseconds; repair only those seen twice.
    run(holes.filter((h) => lastHoles.get(h.articleId) === h.after));
    lastHoles = new Map(holes.map((h) => [h.articleId, h.after]));
  }, deps.intervalMs ?? 5_000);
  timer.unref();

  return {
    stop() {
      clearInterval(timer);
      deps.subscriber.off("close", onClose);
      deps.subscriber.off("ready", onReady);
    },
  };
}
