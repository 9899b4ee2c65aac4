import { randomBytes } from "node:crypto";
import type { RedisClient } from "../platform/redis.js";
import {
  WEBHOOK_EVENTS,
  deliverySchema,
  webhookSchema,
  type Delivery,
  type Webhook,
  type WebhookInput,
} from "../protocol/index.js";

const DELIVERIES_KEPT = 1_000;

export interface WebhookStore {
  create(input: WebhookInput): Promise<Webhook>;
  list(): Promise<Webhook[]>;
  get(id: string): Promise<Webhook | null>;
  remove(id: string): Promise<boolean>;
  recordDelivery(webhookId: string, delivery: Omit<Delivery, "id" | "at">): Promise<void>;
  /** Newest first. */
  deliveries(webhookId: string, limit: number): Promise<Delivery[]>;
}

/** Outgoing webhook subscriptions in one Redis hash, and a bounded delivery log per webhook. */
export function createWebhookStore(redis: RedisClient, prefix: string): WebhookStore {
  const key = `${prefix}webhooks`;
  const logKey = (id: string) => `${prefix}webhook:${id}:deliveries`;
  return {
    async create(input) {
      const webhook: Webhook = {
        id: `wh_${randomBytes(8).toString("hex")}`,
        url: input.url,
        events: input.events ?? [...WEBHOOK_EVENTS],
        articles: input.articles ?? ["*"],
        ...(input.description ? { description: input.description } : {}),
        createdAt: new Date().toISOString(),
        secret: `whsec_${randomBytes(24).toString("base64")}`,
      };
      await redis.hset(key, webhook.id, JSON.stringify(webhook));
      return webhook;
    },
    async list() {
      const all = await redis.hgetall(key);
      return Object.values(all)
        .map((json) => webhookSchema.parse(JSON.parse(json)))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    async get(id) {
      const json = await redis.hget(key, id);
      return json ? webhookSchema.parse(JSON.parse(json)) : null;
    },
    async remove(id) {
      const removed = await redis.hdel(key, id);
      await redis.unlink(logKey(id));
      return removed > 0;
    },
    async recordDelivery(webhookId, delivery) {
      const data = JSON.stringify({ ...delivery, at: new Date().toISOString() });
      await redis.xadd(logKey(webhookId), "MAXLEN", "~", DELIVERIES_KEPT, "*", "d", data);
    },
    async deliveries(webhookId, limit) {
      const rows = await redis.xrevrange(logKey(webhookId), "+", "-", "COUNT", limit);
      return rows.map(([id, fields]) =>
        deliverySchema.parse({ ...(JSON.parse(fields[1] ?? "{}") as object), id }),
      );
    },
  };
}
