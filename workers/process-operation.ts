import { UnrecoverableError, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { applyOperation, operationSchema, type Operation } from "../article-log/index.js";
import type { UpdatePublisher } from "../publish/update-publisher.js";
import type { Logger } from "../platform/logger.js";
import type { WorkerMetrics } from "../platform/metrics.js";
import type { WebhookDispatcher } from "../webhooks/dispatch-webhooks.js";

export interface ProcessDeps {
  redis: Redis;
  publisher: UpdatePublisher;
  logger: Logger;
  keyPrefix: string;
  retention: number;
  /** `ENTRY_HTML_MAX_BYTES`: a job whose body renders to more fails, unretried and unpublished. */
  htmlMaxBytes: number;
  metrics?: WorkerMetrics;
  /** Queues outgoing webhooks for each published update. */
  webhooks?: WebhookDispatcher;
  /** Called between apply and publish: the fault tests crash the process here. */
  afterApply?: () => void;
}

/** Thrown when an update arrives before its entry's create: BullMQ retries it with backoff. */
export class EntryPendingError extends Error {
  override name = "EntryPendingError";
}

/**
 * Applies one queued operation, then publishes its update. A retry after a crash between the
 * two finds the op already applied and publishes the same seq again; readers drop the copy.
 * Invalid data and final errors are not retried; transient ones are.
 */
export function createProcessor(deps: ProcessDeps) {
  return async (job: Job<Operation, { seq: number }>): Promise<{ seq: number }> => {
    const parsed = operationSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid job data: ${parsed.error.issues[0]?.message}`);
    const op = parsed.data;
    const log = deps.logger.child({ jobId: job.id, articleId: op.articleId, kind: op.kind });
    // The log renders the body itself: the job's data is never trusted for HTML.
    const result = await applyOperation(deps.redis, deps.keyPrefix, op, {
      retention: deps.retention,
      htmlMaxBytes: deps.htmlMaxBytes,
    });
    deps.afterApply?.();
    switch (result.status) {
      case "applied":
      case "duplicate":
        if (result.update) {
          await deps.publisher.publish(result.update);
          await deps.webhooks?.dispatch(result.update);
        }
        deps.metrics?.acceptedToPublished.observe(Math.max(0, Date.now() - Date.parse(op.acceptedAt)) / 1000);
        deps.metrics?.jobs.inc({ outcome: result.status });
        log.debug({ seq: result.seq, status: result.status }, "applied");
        return { seq: result.seq };
      case "unchanged":
      case "created":
        deps.metrics?.jobs.inc({ outcome: "unchanged" });
        return { seq: result.seq };
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
