import { Router } from "express";
import { deleteScheduled, getScheduled, preview } from "../../../protocol/routes/editor-support.js";
import { cancelScheduled, listScheduled } from "../../../queue/scheduled-entries.js";
import { actorOf } from "../../audit/audit-log.js";
import { HttpError } from "../http-error.js";
import { routeMounter } from "../mount-route.js";
import { renderWithinCap } from "../render-within-cap.js";
import type { AppDeps } from "../app-deps.js";

/**
 * What the editor console needs beyond the contract: a preview rendered by the same pipeline
 * that publishes, and the scheduled (delayed) entries of an article, which can be cancelled
 * until they go out.
 */
export function editorSupportRoutes(deps: AppDeps): Router {
  const router = Router();
  const mount = routeMounter(router, deps);
  const queued = { redis: deps.redis, queue: deps.queue, keyPrefix: deps.config.KEY_PREFIX };

  mount(preview, ({ body: { body }, reply }) => {
    reply(200, { html: renderWithinCap(body, deps.config.ENTRY_HTML_MAX_BYTES) });
  });

  mount(getScheduled, async ({ params: { articleId }, reply }) => {
    reply(200, { scheduled: await listScheduled(queued, articleId) });
  });

  mount(deleteScheduled, async ({ params: { articleId, entryId }, editor: token, req, res }) => {
    if (!(await cancelScheduled(queued, articleId, entryId))) {
      throw new HttpError(
        "entry_not_found",
        "No scheduled entry with this id (it may have gone out already)",
      );
    }
    await deps.audit.record({
      action: "entry.delete",
      articleId,
      entryId,
      actor: actorOf(token),
      ip: req.ip,
    });
    res.status(204).end();
  });
  return router;
}
