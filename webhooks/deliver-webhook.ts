import { UnrecoverableError, type Job } from "bullmq";
import { Webhook } from "standardwebhooks";
import { deliveryJobSchema, type DeliveryJob } from "./webhook-queue.js";
import type { WebhookStore } from "./webhook-store.js";
import { postToReceiver } from "./post-to-receiver.js";
import { ReceiverRefused, resolveReceiver, type ResolveHost } from "./resolve-receiver.js";

export interface DelivererDeps {
  store: WebhookStore;
  timeoutMs: number;
  /** WEBHOOK_ALLOW_PRIVATE: send to loopback and private addresses too (tests, development). */
  allowPrivate: boolean;
  /** @default the system resolver */
  resolve?: ResolveHost;
}

/**
 * Sends one webhook delivery, signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`: HMAC-SHA256 of id.timestamp.body). Any answer but 2xx (a redirect
 * included: it is never followed), a timeout or a refused connection fails the attempt, and
 * BullMQ retries it with exponential backoff. A receiver that resolves to a non-public address
 * is refused before connecting, and not retried. Every attempt is written to the webhook's
 * delivery log.
 */
export function createWebhookDeliverer(deps: DelivererDeps) {
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
    let refused = false;
    try {
      if (!URL.canParse(hook.url)) throw new ReceiverRefused("refused: not a valid URL");
      const url = new URL(hook.url);
      const addresses = await resolveReceiver(url, {
        allowPrivate: deps.allowPrivate,
        ...(deps.resolve ? { resolve: deps.resolve } : {}),
      });
      ({ status } = await postToReceiver(url, addresses, {
        timeoutMs: deps.timeoutMs,
        headers: {
          "content-type": "application/json",
          "user-agent": "Herald-Webhooks/1",
          "webhook-id": delivery.messageId,
          "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
          "webhook-signature": signature,
        },
        body: delivery.payload,
      }));
      if (status >= 300 && status < 400) error = `answered ${status}: redirects are not followed`;
    } catch (err) {
      refused = err instanceof ReceiverRefused;
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
    if (refused) throw new UnrecoverableError(error);
    if (!ok)
      throw new Error(
        status === undefined ? `receiver unreachable: ${error}` : `receiver answered ${status}`,
      );
  };
}
