import { isCluster, type RedisClient } from "../platform/redis.js";
import { waitForReplicas } from "../platform/replication.js";
import { articleKeys } from "../article-log/keys.js";
import type { Update } from "../protocol/index.js";
import type { Operation } from "../article-log/operation.js";
import { applyOperation, type ApplyResult } from "../article-log/write.js";
import type { UpdatePublisher } from "./update-publisher.js";

export interface ApplyAndPublishDeps {
  redis: RedisClient;
  keyPrefix: string;
  /** `LOG_RETENTION`: records the log keeps. */
  retention: number;
  /** `ENTRY_HTML_MAX_BYTES`: an entry whose body renders to more fails, unpublished. @default no cap */
  htmlMaxBytes?: number;
  publisher: UpdatePublisher;
  /** Told of each update once it is published (outgoing webhooks); must be safe to call twice. */
  onPublished?: (update: Update) => Promise<void>;
  /** Called between apply and publish: the fault tests crash the process here. */
  afterApply?: () => void;
  /**
   * `REDIS_WAIT_REPLICAS`/`REDIS_WAIT_TIMEOUT_MS`: replicas that must hold an update before
   * it is published, so a failover cannot take back an update readers were pushed. (On a Redis
   * Cluster a failover starts new epochs either way: see apply-operation.lua.)
   */
  replication?: { replicas: number; timeoutMs: number };
}

/** Applies one change to its article's log and publishes the update it made. */
export type ApplyAndPublish = (op: Operation) => Promise<ApplyResult>;

/**
 * The one way an article changes: the worker runs every queued change through it, and
 * `PUT /v1/articles/:id` its article changes (an article must exist before entries are posted
 * to it). Apply is idempotent by op id; an op applied before (a retried job, a crash between
 * the two steps) publishes the same record again, and readers drop the copy. Errors of the
 * apply come back in the result, for the caller to retry or refuse; Redis errors throw.
 */
export function createApplyAndPublish(deps: ApplyAndPublishDeps): ApplyAndPublish {
  const { replicas, timeoutMs } = deps.replication ?? { replicas: 0, timeoutMs: 0 };
  return async (op) => {
    // The log renders the body itself: an operation's data is never trusted for HTML.
    const result = await applyOperation(deps.redis, deps.keyPrefix, op, {
      retention: deps.retention,
      ...(deps.htmlMaxBytes === undefined ? {} : { htmlMaxBytes: deps.htmlMaxBytes }),
      // Also with WAIT: a reader may have read the log (a catch-up) before the replica had it.
      watchFailover: isCluster(deps.redis),
      rewriteDuplicate: replicas > 0,
    });
    deps.afterApply?.();
    if ((result.status === "applied" || result.status === "duplicate") && result.update) {
      // Not published before replicas hold it: a failover then cannot take back what readers
      // saw. A timeout fails the job, whose retry (a duplicate) waits again, then publishes.
      if (replicas > 0)
        await waitForReplicas(
          deps.redis,
          articleKeys(deps.keyPrefix, op.articleId).meta,
          replicas,
          timeoutMs,
        );
      await deps.publisher.publish(result.update);
      await deps.onPublished?.(result.update);
    }
    return result;
  };
}
