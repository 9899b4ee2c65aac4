import type { RedisClient } from "../platform/redis.js";
import type { Operation } from "../article-log/operation.js";
import { recordAccepted } from "../article-log/write.js";
import { jobIdOf, type EntriesQueue } from "./entries-queue.js";

/** What handing a change to the queue needs: the queue, and Redis for the log's accepted keys. */
export interface AcceptDeps {
  redis: RedisClient;
  queue: EntriesQueue;
  keyPrefix: string;
}

/**
 * Hands one validated change to the workers. A new entry is also recorded as accepted (so a
 * correction may follow before its create is applied) and, with a future `publishAt`, waits in
 * the queue until then and is indexed as scheduled on its article. Resolves once all is in Redis.
 */
export async function acceptOperation(deps: AcceptDeps, op: Operation): Promise<void> {
  const publishAt = op.kind === "entry.create" && op.publishAt ? new Date(op.publishAt) : null;
  const delay = publishAt ? Math.max(0, publishAt.getTime() - Date.now()) : 0;
  const enqueue = () => deps.queue.add(op.kind, op, { jobId: jobIdOf(op), delay });
  if (op.kind !== "entry.create") {
    await enqueue();
    return;
  }
  const entry = { articleId: op.articleId, entryId: op.entryId };
  if (delay === 0) {
    // Independent writes, one round trip's time.
    await Promise.all([recordAccepted(deps.redis, deps.keyPrefix, entry), enqueue()]);
    return;
  }
  // The job first: a listing of the index never finds an entry whose job is not there yet
  // (it would take that for a job gone for good and drop it).
  await enqueue();
  await recordAccepted(deps.redis, deps.keyPrefix, { ...entry, scheduledFor: publishAt ?? new Date() });
}
