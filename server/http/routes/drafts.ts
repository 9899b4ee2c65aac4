import { Router, type Request, type Response } from "express";
import { ZodError } from "zod";
import type { NewEntry } from "../../../protocol/entry.js";
import type { Draft } from "../../../protocol/draft.js";
import {
  getOwnToken,
  listDrafts,
  patchDraft,
  publishDraft,
  rejectDraft,
} from "../../../protocol/routes/drafts.js";
import { readArticle } from "../../../article-log/read.js";
import { acceptOperation } from "../../../queue/accept-operation.js";
import { actorOf, type AuditInput } from "../../audit/audit-log.js";
import type { TokenRecord } from "../../auth/token-store.js";
import { createDraftStore } from "../../drafts/draft-store.js";
import { createOperationOf, editedEntry, newDraftId } from "../../drafts/draft-entry.js";
import type { AppDeps } from "../app-deps.js";
import { HttpError, issuesOf } from "../http-error.js";
import { claimIdempotencyKey } from "../idempotency.js";
import { routeMounter } from "../mount-route.js";
import { checkHtmlWithinCap } from "../render-within-cap.js";
import { logWithRequest } from "../request-log.js";

type DraftDeps = Pick<AppDeps, "redis" | "config" | "audit">;

function auditDraft(
  deps: DraftDeps,
  req: Request,
  action: Extract<AuditInput["action"], `draft.${string}`>,
  draft: Pick<Draft, "articleId" | "id">,
  token: TokenRecord,
  reason?: string,
) {
  return deps.audit.record({
    action,
    articleId: draft.articleId,
    entryId: draft.id,
    actor: actorOf(token),
    ip: req.ip,
    ...(reason === undefined ? {} : { reason }),
  });
}

/**
 * `POST …/entries` from a contributor token: the entry is kept as a draft, outside the log,
 * until an editor publishes it. The caller has checked the article and the rendered size. An
 * `Idempotency-Key` works as for entries: a retry gets the same draft.
 */
export async function submitDraft(
  deps: DraftDeps,
  input: { articleId: string; entry: NewEntry; idempotencyKey: string | undefined; token: TokenRecord },
  req: Request,
  res: Response,
): Promise<void> {
  const { articleId, entry, token } = input;
  const id =
    input.idempotencyKey === undefined
      ? newDraftId()
      : await claimIdempotencyKey(deps.redis, {
          prefix: deps.config.KEY_PREFIX,
          articleId,
          tokenId: token.id,
          key: input.idempotencyKey,
          body: entry,
          entryId: newDraftId(),
          ttlSeconds: deps.config.IDEMPOTENCY_TTL_SECONDS,
        });
  const now = new Date().toISOString();
  const draft = await createDraftStore(deps.redis, deps.config.KEY_PREFIX).create({
    id,
    articleId,
    // The byline a contributor gives, else the token's name: a published draft keeps it.
    entry: { ...entry, author: entry.author ?? { name: token.name } },
    submittedBy: actorOf(token),
    createdAt: now,
    updatedAt: now,
  });
  await auditDraft(deps, req, "draft.create", draft, token);
  logWithRequest(res, { articleId, entryId: id, editor: token.name });
  res.status(201).location(`/v1/articles/${articleId}/drafts/${id}`).json(draft);
}

/** Drafts: contributors list and edit their own; editors list, edit, publish and reject all. */
export function draftRoutes(deps: AppDeps): Router {
  const { redis, config, queue } = deps;
  const router = Router();
  const mount = routeMounter(router, deps);
  const drafts = createDraftStore(redis, config.KEY_PREFIX);
  const noDraft = (articleId: string, draftId: string) =>
    new HttpError("not_found", `No draft "${draftId}" waiting in article "${articleId}"`);

  mount(getOwnToken, ({ editor: token, reply }) => {
    reply(200, { id: token.id, name: token.name, role: token.role, articles: token.articles });
  });

  mount(listDrafts, async ({ params: { articleId }, editor: token, reply }) => {
    const all = await drafts.list(articleId);
    const visible =
      token.role === "contributor" ? all.filter((d) => d.submittedBy.tokenId === token.id) : all;
    reply(200, { drafts: visible });
  });

  mount(patchDraft, async ({ params: { articleId, draftId }, body: patch, editor: token, req, reply }) => {
    const draft = await drafts.get(articleId, draftId);
    if (!draft) throw noDraft(articleId, draftId);
    if (token.role === "contributor" && draft.submittedBy.tokenId !== token.id)
      throw new HttpError("forbidden", "A contributor may edit only its own drafts");
    if (patch.body !== undefined) checkHtmlWithinCap(patch.body, config.ENTRY_HTML_MAX_BYTES);
    let entry: NewEntry;
    try {
      entry = editedEntry(draft.entry, patch);
    } catch (err) {
      if (!(err instanceof ZodError)) throw err;
      throw new HttpError("validation_failed", "The edit leaves the draft without its text", issuesOf(err));
    }
    const edited: Draft = { ...draft, entry, updatedAt: new Date().toISOString() };
    if (!(await drafts.replace(edited))) throw noDraft(articleId, draftId);
    await auditDraft(deps, req, "draft.update", edited, token);
    reply(200, edited);
  });

  mount(publishDraft, async ({ params: { articleId, draftId }, editor: token, req, res }) => {
    const article = await readArticle(redis, config.KEY_PREFIX, articleId);
    if (!article) throw new HttpError("article_not_found", `No article "${articleId}"`);
    if (article.status === "ended")
      throw new HttpError(
        "article_ended",
        "Coverage of this article has ended; set status to live to publish",
      );
    // Taken before it is enqueued: of two editors pressing Publish, one publishes, one gets 404.
    const draft = await drafts.take(articleId, draftId);
    if (!draft) throw noDraft(articleId, draftId);
    try {
      await acceptOperation({ redis, queue, keyPrefix: config.KEY_PREFIX }, createOperationOf(draft));
    } catch (err) {
      await drafts.create(draft).catch(() => undefined); // not published: it waits again
      throw err;
    }
    await auditDraft(deps, req, "draft.publish", draft, token);
    logWithRequest(res, { articleId, entryId: draftId, editor: token.name });
    res
      .status(202)
      .location(`/v1/articles/${articleId}/entries/${draftId}`)
      .json({ id: draftId, articleId, status: "queued" });
  });

  mount(rejectDraft, async ({ params: { articleId, draftId }, body, editor: token, req, res }) => {
    const draft = await drafts.take(articleId, draftId);
    if (!draft) throw noDraft(articleId, draftId);
    await auditDraft(deps, req, "draft.reject", draft, token, body.reason);
    logWithRequest(res, { articleId, entryId: draftId, editor: token.name });
    res.status(204).end();
  });

  return router;
}
