import { matchesPattern, type Update, type Webhook } from "../protocol/index.js";
import type { WebhookStore } from "./webhook-store.js";
import type { WebhooksQueue } from "./webhook-queue.js";

export interface WebhookDispatcher {
  /** Queues one delivery of `update` to every webhook that wants it. Safe to call twice. */
  dispatch(update: Update): Promise<void>;
}

/**
 * Turns published updates into delivery jobs. The job id names the webhook and the update
 * (article, epoch, seq), so a retried publish queues nothing twice, and the message id the
 * receiver sees is the same on every attempt.
 */
export function createWebhookDispatcher(
  store: WebhookStore,
  queue: WebhooksQueue,
  cacheMs = 1_000,
): WebhookDispatcher {
  let cached: { at: number; hooks: Promise<Webhook[]> } | null = null;
  const hooks = () => {
    if (!cached || Date.now() - cached.at > cacheMs) cached = { at: Date.now(), hooks: store.list() };
    return cached.hooks;
  };
  return {
    async dispatch(update) {
      const wanted = (await hooks()).filter(
        (h) => h.events.includes(update.type) && h.articles.some((p) => matchesPattern(p, update.articleId)),
      );
      if (wanted.length === 0) return;
      const messageId = `msg_${update.articleId}_${update.epoch}_${update.seq}`;
      const payload = JSON.stringify({ type: update.type, timestamp: update.at, data: update });
      await queue.addBulk(
        wanted.map((h) => ({
          name: update.type,
          data: {
            webhookId: h.id,
            messageId,
            event: update.type,
            articleId: update.articleId,
            seq: update.seq,
            payload,
          },
          opts: { jobId: `${h.id}|${messageId}` },
        })),
      );
    },
  };
}
