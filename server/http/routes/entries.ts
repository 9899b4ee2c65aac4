import { randomBytes, randomUUID } from "node:crypto";
import { Router, type Request } from "express";
import {
  deleteEntry,
  getEntry,
  listEntries,
  patchEntry,
  postEntry,
} from "../../../protocol/routes/entries.js";
import { isAccepted, readArticle, readEntry, readEntryPage } from "../../../article-log/read.js";
import { createOpId, type Operation } from "../../../article-log/operation.js";
import { acceptOperation } from "../../../queue/accept-operation.js";
import { HttpError } from "../http-error.js";
import { claimIdempotencyKey } from "../idempotency.js";
import { logWithRequest } from "../request-log.js";
import { checkHtmlWithinCap } from "../render-within-cap.js";
import { routeMounter } from "../mount-route.js";
import type { AppDeps } from "../app-deps.js";
import { actorOf, type AuditInput } from "../../audit/audit-log.js";
import type { TokenRecord } from "../../auth/token-store.js";
import type { EntryPage } from "../../../protocol/index.js";
import { readRouting } from "../read-cache/read-routing.js";
import { submitDraft } from "./drafts.js";
import { answerWhenApplied, entryEtag, refuseIfStale } from "./entry-conditions.js";
import { PRIVATE_CACHE_CONTROL } from "../read-cache/cache-headers.js";
import { mediaOfNewEntry, patchWithMedia } from "./entry-media.js";

/** Entry ids sort by creation time: base36 milliseconds, then randomness. */
function newEntryId(): string {
  return `${Date.now().toString(36)}${randomBytes(5).toString("hex")}`;
}

export function entryRoutes(deps: AppDeps): Router {
  const { redis, config, queue } = deps;
  const router = Router();
  const mount = routeMounter(router, deps);
  const audit = (
    req: Request,
    action: AuditInput["action"],
    articleId: string,
    entryId: string,
    token: TokenRecord,
    correction?: string,
  ) =>
    deps.audit.record({
      action,
      articleId,
      entryId,
      actor: actorOf(token),
      ip: req.ip,
      ...(correction === undefined ? {} : { correction }),
    });

  async function requireWritableArticle(articleId: string) {
    const article = await readArticle(redis, config.KEY_PREFIX, articleId);
    if (!article)
      throw new HttpError("article_not_found", `No article "${articleId}"; create it with PUT first`);
    return article;
  }

  /**
   * An entry that was accepted and not retracted (null while its create is still queued);
   * 404 otherwise.
   */
  async function requireEntry(articleId: string, entryId: string) {
    const accepted = await isAccepted(redis, config.KEY_PREFIX, articleId, entryId);
    const entry = accepted ? await readEntry(redis, config.KEY_PREFIX, articleId, entryId) : null;
    if (!accepted || entry?.deleted) {
      throw new HttpError("entry_not_found", `No entry "${entryId}" in article "${articleId}"`);
    }
    return entry;
  }

  const enqueue = (op: Operation) => acceptOperation({ redis, queue, keyPrefix: config.KEY_PREFIX }, op);

  mount(postEntry, async ({ params: { articleId }, body: input, headers, editor: token, req, res }) => {
    checkHtmlWithinCap(input.body, config.ENTRY_HTML_MAX_BYTES);
    const article = await requireWritableArticle(articleId);
    if (article.status === "ended") {
      throw new HttpError(
        "article_ended",
        "Coverage of this article has ended; set status to live to post again",
      );
    }
    const idempotency = headers["Idempotency-Key"];
    if (token.role === "contributor") {
      // A contributor's entry waits for an editor, outside the log (server/drafts/).
      return submitDraft(deps, { articleId, entry: input, idempotencyKey: idempotency, token }, req, res);
    }
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
    const op: Operation = {
      kind: "entry.create",
      opId: createOpId(articleId, entryId),
      articleId,
      entryId,
      acceptedAt: new Date().toISOString(),
      ...(input.publishAt ? { publishAt: new Date(input.publishAt).toISOString() } : {}),
      fields: {
        body: input.body,
        ...(input.title === undefined ? {} : { title: input.title }),
        ...(input.author === undefined ? {} : { author: input.author }),
        pinned: input.pinned ?? false,
        keyEvent: input.keyEvent ?? false,
        ...mediaOfNewEntry(input),
      },
    };
    // Independent writes, one round trip's time: all are done before the 202.
    await Promise.all([enqueue(op), audit(req, "entry.create", articleId, entryId, token)]);
    logWithRequest(res, { articleId, entryId, editor: token.name });
    res
      .status(202)
      .location(`/v1/articles/${articleId}/entries/${entryId}`)
      .json({ id: entryId, articleId, status: "queued" });
  });

  mount(
    patchEntry,
    async ({ params: { articleId, entryId }, body: patch, headers, editor: token, req, res }) => {
      if (patch.body !== undefined) checkHtmlWithinCap(patch.body, config.ENTRY_HTML_MAX_BYTES);
      const ifVersion = headers["If-Match"];
      refuseIfStale(await requireEntry(articleId, entryId), ifVersion);
      const op: Extract<Operation, { kind: "entry.update" }> = {
        kind: "entry.update",
        opId: randomUUID(),
        articleId,
        entryId: entryId,
        acceptedAt: new Date().toISOString(),
        patch: patchWithMedia(patch),
        ...(ifVersion === undefined ? {} : { ifVersion }),
      };
      await enqueue(op);
      await audit(req, "entry.update", articleId, entryId, token, patch.correction);
      logWithRequest(res, { articleId, entryId, editor: token.name });
      if (ifVersion !== undefined) return answerWhenApplied(deps, op, res);
      res.status(202).json({ id: entryId, articleId, status: "queued" });
    },
  );

  mount(deleteEntry, async ({ params: { articleId, entryId }, headers, editor: token, req, res }) => {
    const ifVersion = headers["If-Match"];
    refuseIfStale(await requireEntry(articleId, entryId), ifVersion);
    const op: Extract<Operation, { kind: "entry.delete" }> = {
      kind: "entry.delete",
      opId: randomUUID(),
      articleId,
      entryId: entryId,
      acceptedAt: new Date().toISOString(),
      ...(ifVersion === undefined ? {} : { ifVersion }),
    };
    await enqueue(op);
    await audit(req, "entry.delete", articleId, entryId, token);
    logWithRequest(res, { articleId, entryId, editor: token.name });
    if (ifVersion !== undefined) return answerWhenApplied(deps, op, res);
    res.status(202).json({ id: entryId, articleId, status: "queued" });
  });

  // One entry with its version as ETag: what an editor loads before a conditional change.
  // Not in the read cache (its ETag is the entry's, not the article's head); revalidated
  // every time, so If-Match is never built on a stale copy.
  routeMounter(router, deps)(getEntry, async ({ params: { articleId, entryId }, article, req, res }) => {
    const entry = await readEntry(redis, config.KEY_PREFIX, articleId, entryId);
    if (!entry || entry.deleted) {
      throw new HttpError("entry_not_found", `No entry "${entryId}" in article "${articleId}"`);
    }
    const etag = entryEtag(entry);
    res.set("Cache-Control", article.private ? PRIVATE_CACHE_CONTROL : "no-cache").set("ETag", etag);
    if (!article.private && req.get("If-None-Match") === etag) {
      res.status(304).end();
      return;
    }
    res.status(200).json(entry);
  });

  const reading = readRouting(deps);
  routeMounter(router, reading.mountDeps)(
    listEntries,
    ({ params: { articleId }, query, article, req, res }) =>
      reading.serve(
        { req, res, article },
        {
          representation: "entries",
          query,
          shape: [config.CATCHUP_MAX_BYTES],
          contentType: "application/json",
          read: async () => {
            const page: EntryPage = await readEntryPage(redis, config.KEY_PREFIX, articleId, {
              ...query,
              maxBytes: config.CATCHUP_MAX_BYTES,
            });
            return { body: JSON.stringify(page) };
          },
        },
      ),
  );

  return router;
}
