import { Router } from "express";
import { readCorrections } from "../../../article-log/read.js";
import { listCorrections } from "../../../protocol/routes/corrections.js";
import type { ArticleCorrections } from "../../../protocol/index.js";
import type { AppDeps } from "../app-deps.js";
import { routeMounter } from "../mount-route.js";
import { readRouting } from "../read-cache/read-routing.js";

/**
 * `GET /v1/articles/:id/corrections`: the labelled corrections, for a standards page or a
 * "corrections" box, cached like the other public reads (a correction moves the head, so the
 * ETag; private articles as their other reads).
 */
export function correctionRoutes(deps: AppDeps): Router {
  const router = Router();
  const reading = readRouting(deps);
  routeMounter(router, reading.mountDeps)(
    listCorrections,
    ({ params: { articleId }, query, article, req, res }) =>
      reading.serve(
        { req, res, article },
        {
          representation: "corrections",
          query,
          shape: [],
          contentType: "application/json",
          read: async () => {
            const answer: ArticleCorrections = {
              corrections: await readCorrections(deps.redis, deps.config.KEY_PREFIX, articleId, query.limit),
            };
            return { body: JSON.stringify(answer) };
          },
        },
      ),
  );
  return router;
}
