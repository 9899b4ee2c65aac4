import { Router } from "express";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import { queueDashboard } from "../../../protocol/routes/operations.js";
import { guardOf } from "../mount-route.js";
import type { AppDeps } from "../app-deps.js";

/**
 * Bull Board on the entries queue, for operators: off unless QUEUE_DASHBOARD=on. Bull Board
 * brings its own router (pages, assets, its API), so only the guard comes from the descriptor.
 */
export function queueDashboardRoutes(deps: AppDeps): Router {
  const router = Router();
  if (deps.config.QUEUE_DASHBOARD !== "on") return router;
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(queueDashboard.path);
  createBullBoard({ queues: [new BullMQAdapter(deps.queue)], serverAdapter });
  const guard = guardOf(queueDashboard, deps);
  router.use(queueDashboard.path, ...(guard ? [guard] : []), serverAdapter.getRouter() as Router);
  return router;
}
