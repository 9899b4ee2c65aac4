import { UnrecoverableError, type Job } from "bullmq";
import { operationSchema, type Operation } from "../article-log/operation.js";
import type { ApplyAndPublish } from "../publish/apply-and-publish.js";
import type { Logger } from "../platform/logger.js";
import type { WorkerMetrics } from "../platform/metrics.js";
import type { JobResult } from "../queue/entries-queue.js";

export interface ProcessDeps {
  /** The one write path: apply to the log, then publish (and queue webhooks). */
  applyAndPublish: ApplyAndPublish;
  logger: Logger;
  metrics?: WorkerMetrics;
}

/** Thrown when an update arrives before its entry's create: BullMQ retries it with backoff. */
export class EntryPendingError extends Error {
  override name = "EntryPendingError";
}

/**
 * Runs one queued operation through apply-and-publish. A retry after a crash between the two
 * finds the op already applied and publishes the same seq again; readers drop the copy.
 * Invalid data and final errors are not retried; transient ones are.
 */
export function createProcessor(deps: ProcessDeps) {
  return async (job: Job<Operation, JobResult>): Promise<JobResult> => {
    const parsed = operationSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid job data: ${parsed.error.issues[0]?.message}`);
    const op = parsed.data;
    const log = deps.logger.child({ jobId: job.id, articleId: op.articleId, kind: op.kind });
    const result = await deps.applyAndPublish(op);
    switch (result.status) {
      case "applied":
      case "duplicate":
        deps.metrics?.acceptedToPublished.observe(Math.max(0, Date.now() - Date.parse(op.acceptedAt)) / 1000);
        deps.metrics?.jobs.inc({ outcome: result.status });
        log.debug({ seq: result.seq, status: result.status }, "applied");
        return { seq: result.seq };
      case "unchanged":
      case "created":
        deps.metrics?.jobs.inc({ outcome: "unchanged" });
        return { seq: result.seq };
      case "stale":
        // Not an error of the job: the editor who sent If-Match is told, with the current entry.
        deps.metrics?.jobs.inc({ outcome: "unchanged" });
        return { seq: 0, staleVersion: result.version };
      case "error":
        if (result.code === "entry_pending") {
          deps.metrics?.jobs.inc({ outcome: "retried" });
          throw new EntryPendingError("the entry's create is not applied yet");
        }
        deps.metrics?.jobs.inc({ outcome: "failed" });
        throw new UnrecoverableError(result.code);
    }
  };
}
