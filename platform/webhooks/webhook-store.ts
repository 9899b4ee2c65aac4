import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { z } from "zod";
import { ARTICLE_PATTERN } from "../../protocol/index.js";

export const WEBHOOK_EVENTS = ["entry.created", "entry.updated", "entry.deleted", "article.updated"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const webhookInputSchema = z.strictObject({
  /**
   * http(s), a host name or an IP address, no credentials. Hosts that are not public are
   * refused by the route (literal addresses) and again when sent (every resolved address).
   */
  url: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .refine((u) => !/[\s]/.test(u), "must not contain spaces")
    .refine((u) => {
      const url = URL.canParse(u) ? new URL(u) : null; // not a URL: the check above says so
      return !url || (url.username === "" && url.password === "");
    }, "must not carry credentials (user:password@)")
    .refine((u) => {
      const host = URL.canParse(u) ? new URL(u).hostname : "";
      return !host || z.regexes.hostname.test(host) || z.regexes.ipv6.test(host.slice(1, -1));
    }, "must name a host or an IP address"),
  /** @default every event */
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length).optional(),
  /** Article id patterns (`*` = any run of id characters). @default ["*"] */
  articles: z
    .array(z.string().regex(ARTICLE_PATTERN, "must be an article id pattern"))
    .min(1)
    .max(50)
    .optional(),
  description: z.string().max(200).optional(),
});
export type WebhookInput = z.infer<typeof webhookInputSchema>;

export const webhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  articles: z.array(z.string()),
  description: z.string().optional(),
  createdAt: z.string(),
  /** Standard Webhooks signing secret (`whsec_…`): shown when created, never listed again. */
  secret: z.string(),
});
export type Webhook = z.infer<typeof webhookSchema>;

export const deliverySchema = z.object({
  id: z.string(),
  at: z.string(),
  /** The Standard Webhooks message id: the same for every attempt at one event. */
  messageId: z.string(),
  event: z.enum(WEBHOOK_EVENTS),
  articleId: z.string(),
  seq: z.number(),
  attempt: z.number(),
  /** The receiver's HTTP status; absent when it could not be reached. */
  status: z.number().optional(),
  ok: z.boolean(),
  durationMs: z.number(),
  error: z.string().optional(),
});
export type Delivery = z.infer<typeof deliverySchema>;

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
export function createWebhookStore(redis: Redis, prefix: string): WebhookStore {
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
