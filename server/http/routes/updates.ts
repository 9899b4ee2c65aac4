import { Router } from "express";
import { z } from "zod";
import type { UpdatesPage } from "../../../protocol/index.js";
import { readUpdatesSince } from "../../../article-log/index.js";
import { HttpError } from "../http-error.js";
import { parseId, parseInput } from "../parse-input.js";
import type { AppDeps } from "../app-deps.js";
import { loadReadableArticle } from "../../security/read-access.js";

/** The most records one `GET …/updates` may ask for. */
export const UPDATES_LIMIT_MAX = 500;

const querySchema = z.strictObject({
  since: z
    .string()
    .regex(/^\d{1,15}$/, "must be a whole number of at most 15 digits")
    .transform(Number),
  epoch: z.string().min(1).max(64).optional(),
  /** Default `CATCHUP_MAX_RECORDS`; the answer is also cut at `CATCHUP_MAX_BYTES`. */
  limit: z.coerce.number().int().min(1).max(UPDATES_LIMIT_MAX).optional(),
});

const GONE_MESSAGES = {
  expired: "The log no longer holds updates that old; reload the entries",
  ahead: "since is ahead of the log's head; reload the entries",
  epoch: "The article's log was restarted (new epoch); reload the entries",
} as const;

export function updateRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get("/v1/articles/:articleId/updates", async (req, res) => {
    const articleId = parseId(req.params.articleId, "articleId");
    const query = parseInput(querySchema, req.query, "query");
    await loadReadableArticle(req, articleId, deps);
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
    const page: UpdatesPage = { epoch: read.epoch, seq: read.seq, updates: read.updates };
    res.json(page);
  });
  return router;
}
