import { Router } from "express";
import type { Webhook } from "../../../protocol/index.js";
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhooks,
  webhookDeliveries,
} from "../../../protocol/routes/webhooks.js";
import { literalHostRefusal } from "../../../webhooks/public-address.js";
import { HttpError } from "../http-error.js";
import { routeMounter } from "../mount-route.js";
import type { AppDeps } from "../app-deps.js";

/** A webhook as listed: the signing secret is shown only once, when it is created. */
function listed({ secret: _secret, ...rest }: Webhook) {
  return rest;
}

/** Outgoing webhooks (Standard Webhooks), managed by operators: tokens made with `--operator`. */
export function webhookRoutes(deps: AppDeps): Router {
  const router = Router();
  const mount = routeMounter(router, deps);
  const store = deps.webhooks.store;

  const find = async (id: string) => {
    const hook = await store.get(id);
    if (!hook) throw new HttpError("not_found", "No such webhook");
    return hook;
  };

  mount(createWebhook, async ({ body, res, reply }) => {
    // Names are checked when sent (they may resolve anywhere); literal addresses now, so an
    // operator learns at once that a webhook to 127.0.0.1 or 10.x would never be delivered.
    const refused = deps.config.WEBHOOK_ALLOW_PRIVATE ? null : literalHostRefusal(new URL(body.url).hostname);
    if (refused) {
      const message = `${refused}: webhooks are delivered to public addresses only`;
      throw new HttpError("validation_failed", `Invalid webhook at url: ${message}`, [
        { path: "url", message },
      ]);
    }
    const hook = await store.create(body);
    res.location(`/v1/webhooks/${hook.id}`);
    reply(201, hook);
  });
  mount(listWebhooks, async ({ reply }) => {
    reply(200, { webhooks: (await store.list()).map(listed) });
  });
  mount(getWebhook, async ({ params, reply }) => {
    reply(200, listed(await find(params.id)));
  });
  mount(deleteWebhook, async ({ params, res }) => {
    await store.remove((await find(params.id)).id);
    res.status(204).end();
  });
  mount(webhookDeliveries, async ({ params, query, reply }) => {
    const hook = await find(params.id);
    reply(200, { deliveries: await store.deliveries(hook.id, query.limit) });
  });
  return router;
}
