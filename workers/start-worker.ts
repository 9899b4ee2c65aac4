import { Worker } from "bullmq";
import type { Config } from "../platform/config.js";
import type { Logger } from "../platform/logger.js";
import { closeRedis, createRedis, isCluster, redisTarget, waitUntilReady } from "../platform/redis.js";
import { ENTRIES_QUEUE, queuePrefix } from "../queue/entries-queue.js";
import { createUpdatePublisher } from "../publish/update-publisher.js";
import { createApplyAndPublish } from "../publish/apply-and-publish.js";
import type { Operation } from "../article-log/operation.js";
import { createProcessor } from "./process-operation.js";
import { createRegistry, createWorkerMetrics, type Registry } from "../platform/metrics.js";
import { createWebhookStore } from "../webhooks/webhook-store.js";
import { WEBHOOKS_QUEUE, createWebhooksQueue, type DeliveryJob } from "../webhooks/webhook-queue.js";
import { createWebhookDispatcher } from "../webhooks/dispatch-webhooks.js";
import { createWebhookDeliverer } from "../webhooks/deliver-webhook.js";

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
  const queueRedis = createRedis(redisTarget(config), log, { role: "worker-queue", blocking: true });
  const redis = createRedis(redisTarget(config), log, { role: "worker-commands" });
  await Promise.all([queueRedis, redis].map((c) => waitUntilReady(c)));
  const registry = options.registry ?? createRegistry("worker");
  const webhookStore = createWebhookStore(redis, config.KEY_PREFIX);
  const webhooksQueue = createWebhooksQueue(redis, config.KEY_PREFIX, config.WEBHOOK_RETRY_BASE_MS);
  const webhooks = createWebhookDispatcher(webhookStore, webhooksQueue);
  const processor = createProcessor({
    applyAndPublish: createApplyAndPublish({
      redis,
      keyPrefix: config.KEY_PREFIX,
      retention: config.LOG_RETENTION,
      htmlMaxBytes: config.ENTRY_HTML_MAX_BYTES,
      replication: { replicas: config.REDIS_WAIT_REPLICAS, timeoutMs: config.REDIS_WAIT_TIMEOUT_MS },
      publisher: createUpdatePublisher(redis, config.KEY_PREFIX, { batchWindowMs: config.BATCH_WINDOW_MS }),
      onPublished: (update) => webhooks.dispatch(update),
      ...(config.FAULT_INJECTION === "crash-after-apply"
        ? { afterApply: () => process.kill(process.pid, "SIGKILL") }
        : {}),
    }),
    metrics: createWorkerMetrics(registry),
    logger: log,
  });
  const worker = new Worker<Operation, { seq: number }>(ENTRIES_QUEUE, processor, {
    connection: queueRedis,
    prefix: queuePrefix(config.KEY_PREFIX, isCluster(queueRedis)),
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
  const webhookWorker = new Worker<DeliveryJob, void>(
    WEBHOOKS_QUEUE,
    createWebhookDeliverer({
      store: webhookStore,
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      allowPrivate: config.WEBHOOK_ALLOW_PRIVATE,
    }),
    { connection: queueRedis, prefix: queuePrefix(config.KEY_PREFIX, isCluster(queueRedis)), concurrency: 8 },
  );
  webhookWorker.on("failed", (job, err) =>
    log.info({ jobId: job?.id, attempts: job?.attemptsMade, reason: err.message }, "webhook delivery failed"),
  );
  webhookWorker.on("error", (err) => log.warn({ err }, "webhook worker error"));
  await Promise.all([worker.waitUntilReady(), webhookWorker.waitUntilReady()]);
  log.info({ concurrency: config.WORKER_CONCURRENCY }, "worker started");

  let closing: Promise<void> | null = null;
  return {
    worker,
    registry,
    close() {
      closing ??= (async () => {
        for (const [name, close] of [
          ["worker", () => worker.close()],
          ["webhook worker", () => webhookWorker.close()],
          ["webhooks queue", () => webhooksQueue.close()],
        ] as const) {
          try {
            await close();
          } catch (err) {
            log.warn({ err }, `closing ${name}`);
          }
        }
        await closeRedis(queueRedis, redis);
      })();
      return closing;
    },
  };
}
