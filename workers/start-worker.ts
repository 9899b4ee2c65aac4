import { Worker } from "bullmq";
import type { Config } from "../platform/config.js";
import type { Logger } from "../platform/logger.js";
import { closeRedis, createRedis, waitUntilReady } from "../platform/redis.js";
import { ENTRIES_QUEUE, queuePrefix } from "../platform/entries-queue.js";
import { createUpdatePublisher } from "../platform/publisher.js";
import type { Operation } from "../article-log/index.js";
import { createProcessor } from "./process-operation.js";
import { createRegistry, createWorkerMetrics, type Registry } from "../platform/metrics.js";

export interface HeraldWorker {
  worker: Worker<Operation, { seq: number }>;
  registry: Registry;
  /** Finishes the active jobs, then closes. Safe to call twice. */
  close(): Promise<void>;
}

export interface WorkerOptions {
  /** The metrics registry to fill (shared with the server in `npm start`). */
  registry?: Registry;
}

export async function startWorker(
  config: Config,
  logger: Logger,
  options: WorkerOptions = {},
): Promise<HeraldWorker> {
  const log = logger.child({ role: "worker" });
  // Blocking connection for BullMQ (maxRetriesPerRequest: null): it waits out a Redis restart.
  const queueRedis = createRedis(config.REDIS_URL, log, { role: "worker-queue", blocking: true });
  const redis = createRedis(config.REDIS_URL, log, { role: "worker-commands" });
  await Promise.all([queueRedis, redis].map((c) => waitUntilReady(c)));
  const registry = options.registry ?? createRegistry("worker");
  const processor = createProcessor({
    metrics: createWorkerMetrics(registry),
    redis,
    publisher: createUpdatePublisher(redis, config.KEY_PREFIX),
    logger: log,
    keyPrefix: config.KEY_PREFIX,
    retention: config.LOG_RETENTION,
    ...(config.FAULT_INJECTION === "crash-after-apply"
      ? { afterApply: () => process.kill(process.pid, "SIGKILL") }
      : {}),
  });
  const worker = new Worker<Operation, { seq: number }>(ENTRIES_QUEUE, processor, {
    connection: queueRedis,
    prefix: queuePrefix(config.KEY_PREFIX),
    concurrency: config.WORKER_CONCURRENCY,
    lockDuration: config.WORKER_LOCK_MS,
    stalledInterval: config.WORKER_STALLED_INTERVAL_MS,
    maxStalledCount: 3,
  });
  worker.on("failed", (job, err) => {
    log.warn(
      { jobId: job?.id, attempts: job?.attemptsMade, err: { message: err.message, name: err.name } },
      "job failed",
    );
  });
  worker.on("error", (err) => log.warn({ err }, "worker error"));
  await worker.waitUntilReady();
  log.info({ concurrency: config.WORKER_CONCURRENCY }, "worker started");

  let closing: Promise<void> | null = null;
  return {
    worker,
    registry,
    close() {
      closing ??= (async () => {
        try {
          await worker.close();
        } catch (err) {
          log.warn({ err }, "closing worker");
        }
        await closeRedis(queueRedis, redis);
      })();
      return closing;
    },
  };
}
