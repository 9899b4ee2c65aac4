import { Router } from "express";
import { readUpdatesSince } from "../../../article-log/read.js";
import { getUpdates } from "../../../protocol/routes/updates.js";
import { POLL_INTERVAL_HEADER } from "../../../protocol/connect-refusal.js";
import { HttpError } from "../http-error.js";
import { routeMounter } from "../mount-route.js";
import type { AppDeps } from "../app-deps.js";
import type { UpdatesPage } from "../../../protocol/index.js";
import { readRouting } from "../read-cache/read-routing.js";

const GONE_MESSAGES = {
  expired: "The log no longer holds updates that old; reload the entries",
  ahead: "since is ahead of the log's head; reload the entries",
  epoch: "The article's log was restarted (new epoch); reload the entries",
} as const;

export function updateRoutes(deps: AppDeps): Router {
  const router = Router();
  const reading = readRouting(deps);
  routeMounter(router, reading.mountDeps)(
    getUpdates,
    async ({ params: { articleId }, query, article, req, res }) => {
      // Clients that fall back to polling (no socket, or a full server) ask again after this long.
      res.setHeader(POLL_INTERVAL_HEADER, String(deps.config.POLL_INTERVAL_S));
      // The default limit is applied before the cache key, so `?since=3` and `?since=3&limit=100` share it.
      const limit = query.limit ?? deps.config.CATCHUP_MAX_RECORDS;
      await reading.serve(
        { req, res, article },
        {
          representation: "updates",
          query: { ...query, limit },
          shape: [deps.config.CATCHUP_MAX_BYTES],
          contentType: "application/json",
          read: async () => {
            // A page may end before the head (records or bytes cap): the client asks again from its end.
            const read = await readUpdatesSince(deps.redis, deps.config.KEY_PREFIX, articleId, {
              ...query,
              limit,
              maxBytes: deps.config.CATCHUP_MAX_BYTES,
            });
            if (read.status === "not_found")
              throw new HttpError("article_not_found", `No article "${articleId}"`);
            if (read.status === "gone") {
              throw new HttpError("history_expired", GONE_MESSAGES[read.reason], {
                epoch: read.epoch,
                seq: read.seq,
                reason: read.reason,
              });
            }
            const page: UpdatesPage = { epoch: read.epoch, seq: read.seq, updates: read.updates };
            // The script read head and records together: the ETag names exactly this body.
            return { body: JSON.stringify(page), head: { epoch: read.epoch, seq: read.seq } };
          },
        },
      );
    },
  );
  return router;
}
