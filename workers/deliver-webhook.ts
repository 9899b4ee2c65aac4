import { UnrecoverableError, type Job } from "bullmq";
import { Webhook } from "standardwebhooks";
import { deliveryJobSchema, type DeliveryJob } from "../platform/webhooks/webhook-queue.js";
import type { WebhookStore } from "../platform/webhooks/webhook-store.js";

/**
 * Sends one webhook delivery, signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`: HMAC-SHA256 of id.timestamp.body). Any answer but 2xx, a timeout or a
 * refused connection fails the attempt, and BullMQ retries it with exponential backoff.
 * Every attempt is written to the webhook's delivery log. Redirects are not followed.
 */
export function createWebhookDeliverer(deps: { store: WebhookStore; timeoutMs: number }) {
  return async (job: Job<DeliveryJob>): Promise<void> => {
    const parsed = deliveryJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError("invalid delivery job");
    const delivery = parsed.data;
    const hook = await deps.store.get(delivery.webhookId);
    if (!hook) return; // the webhook was removed: nothing to deliver
    const timestamp = new Date();
    const signature = new Webhook(hook.secret).sign(delivery.messageId, timestamp, delivery.payload);
    const started = performance.now();
    let status: number | undefined;
    let error: string | undefined;
    try {
      const response = await fetch(hook.url, {
        method: "POST",
        redirect: "manual",
        signal: AbortSignal.timeout(deps.timeoutMs),
        headers: {
          "content-type": "application/json",
          "user-agent": "Herald-Webhooks/1",
          "webhook-id": delivery.messageId,
          "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
          "webhook-signature": signature,
        },
        body: delivery.payload,
      });
      status = response.status;
      await response.body?.cancel();
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const ok = status !== undefined && status >= 200 && status < 300;
    await deps.store.recordDelivery(hook.id, {
      messageId: delivery.messageId,
      event: delivery.event,
      articleId: delivery.articleId,
      seq: delivery.seq,
      attempt: job.attemptsMade + 1,
      ...(status === undefined ? {} : { status }),
      ok,
      durationMs: Math.round(performance.now() - started),
      ...(error ? { error } : {}),
    });
    if (!ok)
      throw new Error(
        status === undefined ? `receiver unreachable: ${error}` : `receiver answered ${status}`,
      );
  };
}
