import { Router } from "express";
import type { AppDeps } from "../app-deps.js";

/**
 * `/healthz`: the process is up. `/readyz`: Redis answers, the queue is open, not draining.
 * `/metrics`: Prometheus text format.
 */
export function healthRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ ok: true });
  });
  router.get("/readyz", async (_req, res) => {
    const checks = { redis: false, queue: false, draining: deps.isDraining?.() ?? false };
    try {
      checks.redis = (await deps.redis.ping()) === "PONG";
      checks.queue = !(await deps.queue.isPaused());
    } catch {
      // Reported below as not ready.
    }
    const ready = checks.redis && checks.queue && !checks.draining;
    res.status(ready ? 200 : 503).json({ ok: ready, checks });
  });
  const registry = deps.metricsRegistry;
  if (registry) {
    router.get("/metrics", async (_req, res) => {
      res.type(registry.contentType).send(await registry.metrics());
    });
  }
  return router;
}
