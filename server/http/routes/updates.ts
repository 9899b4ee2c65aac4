import { Router } from "express";
import { z } from "zod";
import type { UpdatesPage } from "../../../protocol/index.js";
import { readUpdatesSince } from "../../../article-log/index.js";
import { HttpError } from "../http-error.js";
import { parseId, parseInput } from "../parse-input.js";
import type { AppDeps } from "../app-deps.js";
import { loadReadableArticle } from "../../security/read-access.js";

const querySchema = z.strictObject({
  since: z
    .string()
    .regex(/^\d{1,15}$/, "must be a whole number of at most 15 digits")
    .transform(Number),
  epoch: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(1000),
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
    const read = await readUpdatesSince(deps.redis, deps.config.KEY_PREFIX, articleId, query);
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
