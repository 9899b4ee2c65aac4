import { z } from "zod";
import { deliverySchema, webhookInputSchema, webhookSchema } from "../webhook.js";
import { json, type RouteDescriptor } from "./route.js";

/** A webhook as listed: the signing secret is shown only once, when it is created. */
export const listedWebhookSchema = webhookSchema.omit({ secret: true });

const webhookParams = z.object({ id: z.string().regex(/^wh_[0-9a-f]{16}$/, "must be a webhook id") });
const NO_SUCH_WEBHOOK = "No such webhook";

export const createWebhook = {
  method: "post",
  path: "/v1/webhooks",
  summary: "Subscribe a URL to events (the secret is shown once)",
  tag: "Webhooks",
  auth: "operator",
  body: { schema: webhookInputSchema, what: "webhook" },
  responses: { 201: json(webhookSchema, "Created, with its signing secret") },
} as const satisfies RouteDescriptor;

export const listWebhooks = {
  method: "get",
  path: "/v1/webhooks",
  summary: "List webhooks",
  tag: "Webhooks",
  auth: "operator",
  responses: { 200: json(z.object({ webhooks: z.array(listedWebhookSchema) }), "Webhooks") },
} as const satisfies RouteDescriptor;

export const getWebhook = {
  method: "get",
  path: "/v1/webhooks/{id}",
  summary: "One webhook",
  tag: "Webhooks",
  auth: "operator",
  params: webhookParams,
  unknownParam: NO_SUCH_WEBHOOK,
  responses: { 200: json(listedWebhookSchema, "The webhook") },
} as const satisfies RouteDescriptor;

export const deleteWebhook = {
  method: "delete",
  path: "/v1/webhooks/{id}",
  summary: "Remove a webhook",
  tag: "Webhooks",
  auth: "operator",
  params: webhookParams,
  unknownParam: NO_SUCH_WEBHOOK,
  responses: { 204: { description: "Removed" } },
} as const satisfies RouteDescriptor;

export const webhookDeliveries = {
  method: "get",
  path: "/v1/webhooks/{id}/deliveries",
  summary: "The delivery log: every attempt, newest first",
  tag: "Webhooks",
  auth: "operator",
  params: webhookParams,
  unknownParam: NO_SUCH_WEBHOOK,
  query: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
  responses: { 200: json(z.object({ deliveries: z.array(deliverySchema) }), "Attempts") },
} as const satisfies RouteDescriptor;
