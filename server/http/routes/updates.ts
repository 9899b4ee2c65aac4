import { Router } from "express";
import { readUpdatesSince } from "../../../article-log/read.js";
import { getUpdates } from "../../../protocol/routes/updates.js";
import { HttpError } from "../http-error.js";
import { routeMounter } from "../mount-route.js";
import type { AppDeps } from "../app-deps.js";

const GONE_MESSAGES = {
  expired: "The log no longer holds updates that old; reload the entries",
  ahead: "since is ahead of the log's head; reload the entries",
  epoch: "The article's log was restarted (new epoch); reload the entries",
} as const;

export function updateRoutes(deps: AppDeps): Router {
  const router = Router();
  routeMounter(router, deps)(getUpdates, async ({ params: { articleId }, query, reply }) => {
    // A page may end before the head (records or bytes cap): the client asks again from its end.
    const read = await readUpdatesSince(deps.redis, deps.config.KEY_PREFIX, articleId, {
      ...query,
      limit: query.limit ?? deps.config.CATCHUP_MAX_RECORDS,
      maxBytes: deps.config.CATCHUP_MAX_BYTES,
    });
    if (read.status === "not_found") throw new HttpError("article_not_found", `No article "${articleId}"`);
    if (read.status === "gone") {
      throw new HttpError("history_expired", GONE_MESSAGES[read.reason], {
        epoch: read.epoch,
        seq: read.seq,
        reason: read.reason,
      });
    }
    reply(200, { epoch: read.epoch, seq: read.seq, updates: read.updates });
  });
  return router;
}
