import { Router } from "express";
import { queueDashboard } from "../../../protocol/routes/operations.js";
import { guardOf } from "../mount-route.js";
import type { AppDeps } from "../app-deps.js";

/** Bull Board's own router (pages, assets, its API) on the entries queue. */
async function bullBoardRouter(deps: AppDeps): Promise<Router> {
  const [{ createBullBoard }, { BullMQAdapter }, { ExpressAdapter }] = await Promise.all([
    import("@bull-board/api"),
    import("@bull-board/api/bullMQAdapter"),
    import("@bull-board/express"),
  ]);
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(queueDashboard.path);
  createBullBoard({ queues: [new BullMQAdapter(deps.queue)], serverAdapter });
  return serverAdapter.getRouter() as Router;
}

/**
 * Bull Board on the entries queue, for operators: off unless QUEUE_DASHBOARD=on. Bull Board
 * brings its own router, so only the guard comes from the descriptor. It is loaded on the
 * first request, not at start-up (a tenth of a server's start-up time, for a page few open).
 */
export function queueDashboardRoutes(deps: AppDeps): Router {
  const router = Router();
  if (deps.config.QUEUE_DASHBOARD !== "on") return router;
  let board: Promise<Router> | null = null;
  const guard = guardOf(queueDashboard, deps);
  router.use(queueDashboard.path, ...(guard ? [guard] : []), (req, res, next) => {
    board ??= bullBoardRouter(deps).catch((err: unknown) => {
      board = null;
      throw err;
    });
    board.then((inner) => inner(req, res, next), next);
  });
  return router;
}
