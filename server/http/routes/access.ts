import { Router } from "express";
import { z } from "zod";
import { editorFor, requireEditor } from "../../auth/require-editor.js";
import { requireAdmin } from "../../auth/require-admin.js";
import { actorOf } from "../../audit/audit-log.js";
import { READER_TOKEN_MAX_TTL_SECONDS } from "../../security/reader-tokens.js";
import { readArticle } from "../../../article-log/index.js";
import { HttpError } from "../http-error.js";
import { jsonBody } from "../json-body.js";
import { parseId, parseInput } from "../parse-input.js";
import type { AppDeps } from "../app-deps.js";

const readerTokenInput = z.strictObject({
  /** @default 3600 */
  ttlSeconds: z.number().int().min(60).max(READER_TOKEN_MAX_TTL_SECONDS).optional(),
});

const auditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z
    .string()
    .regex(/^\d{1,20}-\d{1,20}$/, "must be a record id from a previous page")
    .optional(),
});

/** Reader tokens for private articles, and the audit log of editor actions. */
export function accessRoutes(deps: AppDeps): Router {
  const router = Router();
  const editor = requireEditor(deps.tokens, deps.limits.writes);

  router.post(
    "/v1/articles/:articleId/reader-tokens",
    editor,
    ...jsonBody(deps.config.BODY_LIMIT_BYTES),
    async (req, res) => {
      const articleId = parseId(req.params.articleId, "articleId");
      const token = editorFor(req, articleId);
      const input = parseInput(readerTokenInput, req.body ?? {}, "reader token request");
      if (!(await readArticle(deps.redis, deps.config.KEY_PREFIX, articleId))) {
        throw new HttpError("article_not_found", `No article "${articleId}"`);
      }
      const minted = await deps.readerTokens.mint(articleId, input.ttlSeconds ?? 3_600);
      await deps.audit.record({
        action: "reader_token.create",
        articleId,
        actor: actorOf(token),
        ip: req.ip,
      });
      res.status(201).json({ articleId, ...minted });
    },
  );

  // The audit log is read with the same token that may write the article.
  router.get("/v1/articles/:articleId/audit", requireEditor(deps.tokens), async (req, res) => {
    const articleId = parseId(req.params.articleId, "articleId");
    editorFor(req, articleId);
    const query = parseInput(auditQuery, req.query, "query");
    res.json({ records: await deps.audit.list({ articleId, ...query }) });
  });

  router.get("/v1/audit", requireAdmin(deps.tokens), async (req, res) => {
    const query = parseInput(auditQuery, req.query, "query");
    res.json({ records: await deps.audit.list(query) });
  });

  return router;
}
