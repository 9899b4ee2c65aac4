import { Router } from "express";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import { requireAdmin } from "../../auth/require-admin.js";
import type { AppDeps } from "../app-deps.js";

export const QUEUE_DASHBOARD_PATH = "/admin/queues";

/** Bull Board on the entries queue, for operators: off unless QUEUE_DASHBOARD=on. */
export function queueDashboardRoutes(deps: AppDeps): Router {
  const router = Router();
  if (deps.config.QUEUE_DASHBOARD !== "on") return router;
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({ queues: [new BullMQAdapter(deps.queue)], serverAdapter });
  router.use(QUEUE_DASHBOARD_PATH, requireAdmin(deps.tokens), serverAdapter.getRouter() as Router);
  return router;
}
