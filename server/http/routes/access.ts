import { Router } from "express";
import { readArticle } from "../../../article-log/read.js";
import { articleAudit, audit, mintReaderToken } from "../../../protocol/routes/access.js";
import { actorOf } from "../../audit/audit-log.js";
import { HttpError } from "../http-error.js";
import { routeMounter } from "../mount-route.js";
import type { AppDeps } from "../app-deps.js";

/** Reader tokens for private articles, and the audit log of editor actions. */
export function accessRoutes(deps: AppDeps): Router {
  const router = Router();
  const mount = routeMounter(router, deps);

  mount(mintReaderToken, async ({ params: { articleId }, body, editor, req, reply }) => {
    if (!(await readArticle(deps.redis, deps.config.KEY_PREFIX, articleId))) {
      throw new HttpError("article_not_found", `No article "${articleId}"`);
    }
    const minted = await deps.readerTokens.mint(articleId, body.ttlSeconds);
    await deps.audit.record({
      action: "reader_token.create",
      articleId,
      actor: actorOf(editor),
      ip: req.ip,
    });
    reply(201, { articleId, ...minted });
  });

  mount(articleAudit, async ({ params: { articleId }, query, reply }) => {
    reply(200, { records: await deps.audit.list({ articleId, ...query }) });
  });

  mount(audit, async ({ query, reply }) => {
    reply(200, { records: await deps.audit.list(query) });
  });

  return router;
}
