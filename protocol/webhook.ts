import { z } from "zod";
import { ARTICLE_PATTERN } from "./article-pattern.js";

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
