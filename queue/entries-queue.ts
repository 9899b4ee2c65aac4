import { Queue, type DefaultJobOptions } from "bullmq";
import { isCluster, type RedisClient } from "../platform/redis.js";
import type { Operation } from "../article-log/operation.js";

/** The one queue every editor change goes through. */
export const ENTRIES_QUEUE = "entries";

/**
 * BullMQ keys live under Herald's prefix, so tests and tenants on one Redis do not meet. On a
 * Redis Cluster the prefix is a hash tag (`{herald:bull}`), as BullMQ requires there: its
 * scripts touch several keys of a queue at once, which must share one slot. So each queue
 * lives on one primary; docs/scaling.md says when that becomes the limit.
 */
export function queuePrefix(keyPrefix: string, cluster = false): string {
  return cluster ? `{${keyPrefix}bull}` : `${keyPrefix}bull`;
}

/**
 * Retried with backoff: transient Redis errors and an update that arrived before its
 * entry's create. Finished jobs are kept a while for inspection, then dropped.
 */
export const ENTRY_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 12,
  backoff: { type: "exponential", delay: 100 },
  removeOnComplete: { age: 3_600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3_600 },
};

/**
 * What a job ends with: the seq it applied (or found applied), and, when the op's `ifVersion`
 * (If-Match) was not the entry's version, that version; nothing was changed then.
 */
export interface JobResult {
  seq: number;
  staleVersion?: number;
}

export type EntriesQueue = Queue<Operation, JobResult, Operation["kind"]>;

export function createEntriesQueue(connection: RedisClient, keyPrefix: string): EntriesQueue {
  return new Queue<Operation, JobResult, Operation["kind"]>(ENTRIES_QUEUE, {
    connection,
    prefix: queuePrefix(keyPrefix, isCluster(connection)),
    defaultJobOptions: ENTRY_JOB_OPTIONS,
  });
}

/** BullMQ job ids may not contain ':'; op ids use '|' and the contract's id alphabet. */
export function jobIdOf(op: Operation): string {
  return op.opId;
}
