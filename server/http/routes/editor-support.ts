import { Router } from "express";
import { z } from "zod";
import { entryIdSchema } from "../../../protocol/index.js";
import { articleKeys, createOpId } from "../../../article-log/index.js";
import { editorFor, requireEditor } from "../../auth/require-editor.js";
import { actorOf } from "../../audit/audit-log.js";
import { HttpError } from "../http-error.js";
import { jsonBody } from "../json-body.js";
import { renderWithinCap } from "../render-within-cap.js";
import { parseId, parseInput } from "../parse-input.js";
import type { AppDeps } from "../app-deps.js";

const previewSchema = z.strictObject({ body: z.string().max(20_000) });

/**
 * What the editor console needs beyond the contract: a preview rendered by the same pipeline
 * that publishes, and the scheduled (delayed) entries of an article, which can be cancelled
 * until they go out.
 */
export function editorSupportRoutes(deps: AppDeps): Router {
  const router = Router();
  const editor = requireEditor(deps.tokens, deps.limits.writes);

  router.post("/v1/preview", editor, ...jsonBody(deps.config.BODY_LIMIT_BYTES), (req, res) => {
    const { body } = parseInput(previewSchema, req.body, "preview");
    res.json({ html: renderWithinCap(body, deps.config.ENTRY_HTML_MAX_BYTES) });
  });

  router.get("/v1/articles/:articleId/scheduled", requireEditor(deps.tokens), async (req, res) => {
    const articleId = parseId(req.params.articleId, "articleId");
    editorFor(req, articleId);
    const jobs = await deps.queue.getDelayed(0, 1000);
    const scheduled = jobs
      .filter((job) => job.data.articleId === articleId && job.data.kind === "entry.create")
      .map((job) => {
        const op = job.data as Extract<typeof job.data, { kind: "entry.create" }>;
        return {
          id: op.entryId,
          articleId,
          publishAt: op.publishAt,
          title: op.fields.title,
          body: op.fields.body,
        };
      })
      .sort((a, b) => (a.publishAt ?? "").localeCompare(b.publishAt ?? ""));
    res.json({ scheduled });
  });

  router.delete("/v1/articles/:articleId/scheduled/:entryId", editor, async (req, res) => {
    const articleId = parseId(req.params.articleId, "articleId");
    const entryId = entryIdSchema.safeParse(req.params.entryId);
    if (!entryId.success) throw new HttpError("validation_failed", "Invalid entryId");
    const token = editorFor(req, articleId);
    const job = await deps.queue.getJob(createOpId(articleId, entryId.data));
    if (!job || !(await job.isDelayed())) {
      throw new HttpError(
        "entry_not_found",
        "No scheduled entry with this id (it may have gone out already)",
      );
    }
    await job.remove();
    await deps.redis.srem(articleKeys(deps.config.KEY_PREFIX, articleId).accepted, entryId.data);
    await deps.audit.record({
      action: "entry.delete",
      articleId,
      entryId: entryId.data,
      actor: actorOf(token),
      ip: req.ip,
    });
    res.status(204).end();
  });
  return router;
}
