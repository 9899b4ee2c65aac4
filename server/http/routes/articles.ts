import { randomUUID } from "node:crypto";
import { Router } from "express";
import { articleInputSchema, type ArticleView } from "../../../protocol/index.js";
import { applyOperation, readArticle, readHighlights } from "../../../article-log/index.js";
import { editorFor, requireEditor } from "../../auth/require-editor.js";
import { jsonBody } from "../json-body.js";
import { parseId, parseInput } from "../parse-input.js";
import type { AppDeps } from "../app-deps.js";
import { loadReadableArticle } from "../../security/read-access.js";
import { actorOf } from "../../audit/audit-log.js";

export function articleRoutes(deps: AppDeps): Router {
  const { redis, config } = deps;
  const router = Router();

  // Applied at once, not queued: an article must exist before entries can be posted to it,
  // and title/status changes are rare. The same atomic apply assigns the seq.
  router.put(
    "/v1/articles/:articleId",
    requireEditor(deps.tokens, deps.limits.writes),
    ...jsonBody(config.BODY_LIMIT_BYTES),
    async (req, res) => {
      const articleId = parseId(req.params.articleId, "articleId");
      const editor = editorFor(req, articleId);
      const input = parseInput(articleInputSchema, req.body, "article");
      const result = await applyOperation(
        redis,
        config.KEY_PREFIX,
        {
          kind: "article.put",
          opId: randomUUID(),
          articleId,
          acceptedAt: new Date().toISOString(),
          ...input,
        },
        { retention: config.LOG_RETENTION },
      );
      if (result.status === "applied") {
        await deps.publisher.publish(result.update);
        await deps.webhooks.dispatcher.dispatch(result.update);
      }
      deps.logger.info({ articleId, editor: editor.name, result: result.status }, "article put");
      if (result.status !== "unchanged") {
        await deps.audit.record({ action: "article.put", articleId, actor: actorOf(editor), ip: req.ip });
      }
      const article = await readArticle(redis, config.KEY_PREFIX, articleId);
      res.status(result.status === "created" ? 201 : 200).json(article);
    },
  );

  router.get("/v1/articles/:articleId", async (req, res) => {
    const articleId = parseId(req.params.articleId, "articleId");
    const article = await loadReadableArticle(req, articleId, deps);
    // Both lists together stay within one catch-up answer's bytes.
    const highlights = await readHighlights(redis, config.KEY_PREFIX, articleId, {
      maxBytes: Math.floor(config.CATCHUP_MAX_BYTES / 2),
    });
    const view: ArticleView = { ...article, ...highlights };
    res.json(view);
  });

  return router;
}
