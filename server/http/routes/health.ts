import { Router } from "express";
import { isProduction } from "../../../platform/config.js";
import { METRICS_CHALLENGE, refuseMetrics } from "../../../platform/metrics-access.js";
import { healthz, metrics, readyz } from "../../../protocol/routes/operations.js";
import { HttpError } from "../http-error.js";
import { routeMounter } from "../mount-route.js";
import type { AppDeps } from "../app-deps.js";

/**
 * `/healthz`: the process is up. `/readyz`: Redis answers, the queue is open, not draining.
 * `/metrics`: Prometheus text format; with METRICS_TOKEN, for its bearer only; in production,
 * off without it (this port faces the internet, and the figures describe the audience).
 */
export function healthRoutes(deps: AppDeps): Router {
  const router = Router();
  const mount = routeMounter(router, deps);
  mount(healthz, ({ reply }) => {
    reply(200, { ok: true });
  });
  mount(readyz, async ({ reply }) => {
    const checks = { redis: false, queue: false, draining: deps.isDraining?.() ?? false };
    try {
      checks.redis = (await deps.redis.ping()) === "PONG";
      checks.queue = !(await deps.queue.isPaused());
    } catch {
      // Reported below as not ready.
    }
    const ready = checks.redis && checks.queue && !checks.draining;
    reply(ready ? 200 : 503, { ok: ready, checks });
  });
  const registry = deps.metricsRegistry;
  if (registry) {
    const access = { token: deps.config.METRICS_TOKEN, openWithoutToken: !isProduction(deps.config) };
    mount(metrics, async ({ req, res }) => {
      const refused = refuseMetrics(req.headers.authorization, access);
      if (refused) {
        const challenge: Record<string, string> =
          refused.code === "unauthorized" ? { "WWW-Authenticate": METRICS_CHALLENGE } : {};
        throw new HttpError(refused.code, refused.message, undefined, challenge);
      }
      res.type(registry.contentType).send(await registry.metrics());
    });
  }
  return router;
}
