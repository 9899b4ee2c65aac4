import { Queue } from "bullmq";
import { z } from "zod";
import { WEBHOOK_EVENTS } from "../protocol/index.js";
import { isCluster, type RedisClient } from "../platform/redis.js";
import { queuePrefix } from "../queue/entries-queue.js";

/** Outgoing webhook deliveries: one job per event per webhook. */
export const WEBHOOKS_QUEUE = "webhooks";

export const deliveryJobSchema = z.object({
  webhookId: z.string(),
  messageId: z.string(),
  event: z.enum(WEBHOOK_EVENTS),
  articleId: z.string(),
  seq: z.number(),
  /** The exact body to send and sign. */
  payload: z.string(),
});
export type DeliveryJob = z.infer<typeof deliveryJobSchema>;

export type WebhooksQueue = Queue<DeliveryJob, void, string>;

/** Retried with exponential backoff from `retryBaseMs`: 10 tries span about 17 minutes at 1 s. */
export function createWebhooksQueue(
  connection: RedisClient,
  keyPrefix: string,
  retryBaseMs: number,
): WebhooksQueue {
  return new Queue<DeliveryJob, void, string>(WEBHOOKS_QUEUE, {
    connection,
    prefix: queuePrefix(keyPrefix, isCluster(connection)),
    defaultJobOptions: {
      attempts: 10,
      backoff: { type: "exponential", delay: retryBaseMs },
      removeOnComplete: { age: 24 * 3_600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3_600 },
    },
  });
}
