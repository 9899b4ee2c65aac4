import { randomUUID } from "node:crypto";
import { Router } from "express";
import { getArticle, putArticle } from "../../../protocol/routes/articles.js";
import { readArticle, readHighlights } from "../../../article-log/read.js";
import { routeMounter } from "../mount-route.js";
import type { AppDeps } from "../app-deps.js";
import { actorOf } from "../../audit/audit-log.js";
import type { ArticleView } from "../../../protocol/index.js";
import { readRouting } from "../read-cache/read-routing.js";
import { createReaderCountReads } from "../../reader-counts/reader-count-reads.js";

export function articleRoutes(deps: AppDeps): Router {
  const { redis, config } = deps;
  const router = Router();
  const mount = routeMounter(router, deps);

  // Applied at once through the one write path, not queued: an article must exist before
  // entries can be posted to it, and title/status changes are rare.
  mount(putArticle, async ({ params: { articleId }, body: input, editor, req, res }) => {
    const result = await deps.applyAndPublish({
      kind: "article.put",
      opId: randomUUID(),
      articleId,
      acceptedAt: new Date().toISOString(),
      ...input,
    });
    deps.logger.info({ articleId, editor: editor.name, result: result.status }, "article put");
    if (result.status !== "unchanged") {
      await deps.audit.record({ action: "article.put", articleId, actor: actorOf(editor), ip: req.ip });
    }
    const article = await readArticle(redis, config.KEY_PREFIX, articleId);
    res.status(result.status === "created" ? 201 : 200).json(article);
  });

  const reading = readRouting(deps);
  const readerCounts = createReaderCountReads(deps);
  routeMounter(router, reading.mountDeps)(
    getArticle,
    async ({ params: { articleId }, article, req, res }) => {
      // Read before the cache check and part of the ETag (as the shape): a revalidation gets a
      // 304 while head and count stand still, and the new count once either moves.
      const readers = await readerCounts(articleId);
      return reading.serve(
        { req, res, article },
        {
          representation: "article",
          query: {},
          shape: [config.CATCHUP_MAX_BYTES, readers.now, readers.at],
          contentType: "application/json",
          read: async () => {
            // Both lists together stay within one catch-up answer's bytes.
            const highlights = await readHighlights(redis, config.KEY_PREFIX, articleId, {
              maxBytes: Math.floor(config.CATCHUP_MAX_BYTES / 2),
            });
            const view: ArticleView = { ...article, ...highlights, readers };
            return { body: JSON.stringify(view) };
          },
        },
      );
    },
  );

  return router;
}
