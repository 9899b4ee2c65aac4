import { Router } from "express";
import { z } from "zod";
import { webhookInputSchema, type Webhook } from "../../../protocol/index.js";
import { literalHostRefusal } from "../../../webhooks/public-address.js";
import { requireAdmin } from "../../auth/require-admin.js";
import { HttpError } from "../http-error.js";
import { jsonBody } from "../json-body.js";
import { parseInput } from "../parse-input.js";
import type { AppDeps } from "../app-deps.js";

const idSchema = z.string().regex(/^wh_[0-9a-f]{16}$/, "must be a webhook id");
const deliveriesQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) });

/** A webhook as listed: the signing secret is shown only once, when it is created. */
function listed({ secret: _secret, ...rest }: Webhook) {
  return rest;
}

/** Outgoing webhooks (Standard Webhooks), managed by operators: tokens made with `--operator`. */
export function webhookRoutes(deps: AppDeps): Router {
  const router = Router();
  const admin = requireAdmin(deps.tokens);
  const store = deps.webhooks.store;

  const find = async (id: unknown) => {
    const parsed = idSchema.safeParse(id);
    const hook = parsed.success ? await store.get(parsed.data) : null;
    if (!hook) throw new HttpError("not_found", "No such webhook");
    return hook;
  };

  router.post("/v1/webhooks", admin, ...jsonBody(deps.config.BODY_LIMIT_BYTES), async (req, res) => {
    const input = parseInput(webhookInputSchema, req.body, "webhook");
    // Names are checked when sent (they may resolve anywhere); literal addresses now, so an
    // operator learns at once that a webhook to 127.0.0.1 or 10.x would never be delivered.
    const refused = deps.config.WEBHOOK_ALLOW_PRIVATE
      ? null
      : literalHostRefusal(new URL(input.url).hostname);
    if (refused) {
      const message = `${refused}: webhooks are delivered to public addresses only`;
      throw new HttpError("validation_failed", `Invalid webhook at url: ${message}`, [
        { path: "url", message },
      ]);
    }
    const hook = await store.create(input);
    res.status(201).location(`/v1/webhooks/${hook.id}`).json(hook);
  });
  router.get("/v1/webhooks", admin, async (_req, res) => {
    res.json({ webhooks: (await store.list()).map(listed) });
  });
  router.get("/v1/webhooks/:id", admin, async (req, res) => {
    res.json(listed(await find(req.params.id)));
  });
  router.delete("/v1/webhooks/:id", admin, async (req, res) => {
    await store.remove((await find(req.params.id)).id);
    res.status(204).end();
  });
  router.get("/v1/webhooks/:id/deliveries", admin, async (req, res) => {
    const hook = await find(req.params.id);
    const { limit } = parseInput(deliveriesQuery, req.query, "query");
    res.json({ deliveries: await store.deliveries(hook.id, limit) });
  });
  return router;
}
