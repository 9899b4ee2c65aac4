import { QueueEvents } from "bullmq";
import { isCluster, type RedisClient } from "../platform/redis.js";
import { ENTRIES_QUEUE, queuePrefix, type EntriesQueue, type JobResult } from "./entries-queue.js";

/** How a queued change ended, as a request that waits for it sees it. */
export type JobOutcome =
  | { kind: "done"; result: JobResult }
  /** Failed for good; `reason` is the apply's error code (`entry_not_found`, …). */
  | { kind: "failed"; reason: string }
  /** Not finished within the wait: it is still queued and will be applied later. */
  | { kind: "pending" };

/**
 * Waits for queued changes to finish, for the requests that must answer with their outcome
 * (a PATCH or DELETE with `If-Match` answers 200 or 412, not 202). One BullMQ QueueEvents
 * per process, on a blocking connection of its own, opened on the first wait: a server that
 * never gets a conditional request holds no extra connection.
 */
export interface JobOutcomes {
  wait(jobId: string, timeoutMs: number): Promise<JobOutcome>;
  close(): Promise<void>;
}

export interface JobOutcomeDeps {
  queue: EntriesQueue;
  keyPrefix: string;
  /** A new blocking connection (`createRedis(…, { blocking: true })`), closed by `close`. */
  connect: () => RedisClient;
}

/** The failed reason of a job refused by the apply: its error code. */
const APPLY_ERROR = /^[a-z_]+$/;

/** How often a wait also asks for the job's state (see `polled`). */
const POLL_MS = 250;

export function createJobOutcomes(deps: JobOutcomeDeps): JobOutcomes {
  let events: { queueEvents: QueueEvents; connection: RedisClient } | null = null;
  const open = () => {
    if (!events) {
      const connection = deps.connect();
      const queueEvents = new QueueEvents(ENTRIES_QUEUE, {
        connection,
        prefix: queuePrefix(deps.keyPrefix, isCluster(connection)),
      });
      // Errors of the connection are logged by it; a wait then times out and answers pending.
      queueEvents.on("error", () => undefined);
      events = { queueEvents, connection };
    }
    return events.queueEvents;
  };
  /**
   * The job's outcome once it has one, checked every `POLL_MS`: the events' safety net. A
   * QueueEvents just opened reads events from its first XREAD on, and a job that finished
   * between its connection being ready and that read would otherwise be waited for in vain.
   */
  async function polled(jobId: string, until: number, stop: { done: boolean }): Promise<JobOutcome> {
    while (!stop.done && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const job = await deps.queue.getJob(jobId);
      if (job?.finishedOn !== undefined) {
        return job.failedReason && !job.returnvalue
          ? { kind: "failed", reason: job.failedReason }
          : { kind: "done", result: job.returnvalue };
      }
    }
    return { kind: "pending" };
  }

  return {
    async wait(jobId, timeoutMs) {
      const job = await deps.queue.getJob(jobId);
      // Gone already: removed after it finished (removeOnComplete), which only completed jobs are.
      if (!job) return { kind: "pending" };
      const stop = { done: false };
      const evented = job.waitUntilFinished(open(), timeoutMs).then(
        (result: JobResult): JobOutcome => ({ kind: "done", result }),
        (err: unknown): JobOutcome => {
          const reason = err instanceof Error ? err.message : String(err);
          // A job fails for good with an apply's error code (entry_not_found, …); anything else
          // (the wait timed out, the queue is closing for a shutdown) leaves it queued.
          return APPLY_ERROR.test(reason) ? { kind: "failed", reason } : { kind: "pending" };
        },
      );
      try {
        return await Promise.race([evented, polled(jobId, Date.now() + timeoutMs, stop)]);
      } finally {
        stop.done = true;
      }
    },
    async close() {
      if (!events) return;
      const { queueEvents, connection } = events;
      events = null;
      try {
        await queueEvents.close();
      } finally {
        connection.disconnect();
      }
    },
  };
}
