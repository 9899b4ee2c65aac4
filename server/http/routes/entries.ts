import { randomBytes, randomUUID } from "node:crypto";
import { Router, type Request } from "express";
import { z } from "zod";
import { entryPatchSchema, newEntrySchema, type EntryPage } from "../../../protocol/index.js";
import {
  articleKeys,
  createOpId,
  readArticle,
  readEntry,
  readEntryPage,
  type Operation,
} from "../../../article-log/index.js";
import { jobIdOf } from "../../../queue/entries-queue.js";
import { editorFor, requireEditor } from "../../auth/require-editor.js";
import { HttpError } from "../http-error.js";
import { claimIdempotencyKey } from "../idempotency.js";
import { jsonBody } from "../json-body.js";
import { renderWithinCap } from "../render-within-cap.js";
import { parseId, parseInput } from "../parse-input.js";
import type { AppDeps } from "../app-deps.js";
import { loadReadableArticle } from "../../security/read-access.js";
import { actorOf, type AuditInput } from "../../audit/audit-log.js";
import type { TokenRecord } from "../../auth/token-store.js";

const pageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z
    .string()
    .regex(/^\d{1,20}$/, "must be a cursor from a previous page")
    .optional(),
});

/** Entry ids sort by creation time: base36 milliseconds, then randomness. */
function newEntryId(): string {
  return `${Date.now().toString(36)}${randomBytes(5).toString("hex")}`;
}

export function entryRoutes(deps: AppDeps): Router {
  const { redis, config, queue } = deps;
  const router = Router();
  const editor = requireEditor(deps.tokens, deps.limits.writes);
  const audit = (
    req: Request,
    action: AuditInput["action"],
    articleId: string,
    entryId: string,
    token: TokenRecord,
  ) => deps.audit.record({ action, articleId, entryId, actor: actorOf(token), ip: req.ip });
  const body = jsonBody(config.BODY_LIMIT_BYTES);

  async function requireWritableArticle(articleId: string) {
    const article = await readArticle(redis, config.KEY_PREFIX, articleId);
    if (!article)
      throw new HttpError("article_not_found", `No article "${articleId}"; create it with PUT first`);
    return article;
  }

  /** An entry that was accepted and not retracted; 404 otherwise. */
  async function requireEntry(articleId: string, entryId: string) {
    const accepted = await redis.sismember(articleKeys(config.KEY_PREFIX, articleId).accepted, entryId);
    const entry = accepted ? await readEntry(redis, config.KEY_PREFIX, articleId, entryId) : null;
    if (!accepted || entry?.deleted) {
      throw new HttpError("entry_not_found", `No entry "${entryId}" in article "${articleId}"`);
    }
  }

  async function enqueue(op: Operation, delay = 0) {
    await queue.add(op.kind, op, { jobId: jobIdOf(op), delay });
  }

  function ids(req: Request) {
    const articleId = parseId(req.params.articleId, "articleId");
    const entryId = req.params.entryId === undefined ? undefined : parseId(req.params.entryId, "entryId");
    return { articleId, entryId, token: editorFor(req, articleId) };
  }

  router.post("/v1/articles/:articleId/entries", editor, ...body, async (req, res) => {
    const { articleId, token } = ids(req);
    const input = parseInput(newEntrySchema, req.body, "entry");
    renderWithinCap(input.body, config.ENTRY_HTML_MAX_BYTES);
    const article = await requireWritableArticle(articleId);
    if (article.status === "ended") {
      throw new HttpError(
        "article_ended",
        "Coverage of this article has ended; set status to live to post again",
      );
    }
    const idempotency = req.get("Idempotency-Key");
    const entryId =
      idempotency === undefined
        ? newEntryId()
        : await claimIdempotencyKey(redis, {
            prefix: config.KEY_PREFIX,
            articleId,
            tokenId: token.id,
            key: idempotency,
            body: input,
            entryId: newEntryId(),
            ttlSeconds: config.IDEMPOTENCY_TTL_SECONDS,
          });
    const acceptedAt = new Date();
    const delay = input.publishAt ? Math.max(0, Date.parse(input.publishAt) - acceptedAt.getTime()) : 0;
    const op: Operation = {
      kind: "entry.create",
      opId: createOpId(articleId, entryId),
      articleId,
      entryId,
      acceptedAt: acceptedAt.toISOString(),
      ...(input.publishAt ? { publishAt: new Date(input.publishAt).toISOString() } : {}),
      fields: {
        body: input.body,
        ...(input.title === undefined ? {} : { title: input.title }),
        ...(input.author === undefined ? {} : { author: input.author }),
        pinned: input.pinned ?? false,
        keyEvent: input.keyEvent ?? false,
      },
    };
    // Independent writes, one round trip's time: all are done before the 202.
    await Promise.all([
      redis.sadd(articleKeys(config.KEY_PREFIX, articleId).accepted, entryId),
      enqueue(op, delay),
      audit(req, "entry.create", articleId, entryId, token),
    ]);
    deps.logger.info({ articleId, entryId, editor: token.name }, "entry accepted");
    res
      .status(202)
      .location(`/v1/articles/${articleId}/entries/${entryId}`)
      .json({ id: entryId, articleId, status: "queued" });
  });

  router.patch("/v1/articles/:articleId/entries/:entryId", editor, ...body, async (req, res) => {
    const { articleId, entryId, token } = ids(req);
    const patch = parseInput(entryPatchSchema, req.body, "correction");
    if (patch.body !== undefined) renderWithinCap(patch.body, config.ENTRY_HTML_MAX_BYTES);
    await requireEntry(articleId, entryId!);
    const op: Operation = {
      kind: "entry.update",
      opId: randomUUID(),
      articleId,
      entryId: entryId!,
      acceptedAt: new Date().toISOString(),
      patch,
    };
    await enqueue(op);
    await audit(req, "entry.update", articleId, entryId!, token);
    deps.logger.info({ articleId, entryId, editor: token.name }, "correction accepted");
    res.status(202).json({ id: entryId, articleId, status: "queued" });
  });

  router.delete("/v1/articles/:articleId/entries/:entryId", editor, async (req, res) => {
    const { articleId, entryId, token } = ids(req);
    await requireEntry(articleId, entryId!);
    const op: Operation = {
      kind: "entry.delete",
      opId: randomUUID(),
      articleId,
      entryId: entryId!,
      acceptedAt: new Date().toISOString(),
    };
    await enqueue(op);
    await audit(req, "entry.delete", articleId, entryId!, token);
    deps.logger.info({ articleId, entryId, editor: token.name }, "retraction accepted");
    res.status(202).json({ id: entryId, articleId, status: "queued" });
  });

  router.get("/v1/articles/:articleId/entries", async (req, res) => {
    const articleId = parseId(req.params.articleId, "articleId");
    const query = parseInput(pageQuerySchema, req.query, "query");
    await loadReadableArticle(req, articleId, deps);
    const page: EntryPage = await readEntryPage(redis, config.KEY_PREFIX, articleId, {
      ...query,
      maxBytes: config.CATCHUP_MAX_BYTES,
    });
    res.json(page);
  });

  return router;
}
