import type { Request } from "express";
import type { Redis } from "ioredis";
import { readArticle } from "../../article-log/index.js";
import type { Article } from "../../protocol/index.js";
import { bearerToken } from "../auth/require-editor.js";
import { tokenAllows, type TokenStore } from "../auth/token-store.js";
import { HttpError } from "../http/http-error.js";
import type { ReaderTokens } from "./reader-tokens.js";

/**
 * Public articles are open to all. A private one needs, as `Authorization: Bearer`, a reader
 * token for it or an editor token whose scope covers it; otherwise 401.
 */
export async function assertCanRead(
  req: Request,
  article: Article,
  deps: { readerTokens: ReaderTokens; tokens: TokenStore },
): Promise<void> {
  if (!article.private) return;
  const token = bearerToken(req);
  if (token && (await deps.readerTokens.verify(token, article.id)) !== null) return;
  const editor = token ? await deps.tokens.verify(token) : null;
  if (editor && tokenAllows(editor, article.id)) return;
  throw new HttpError("unauthorized", "This article is private: send a reader token for it");
}

/** The article, if it exists (404 otherwise) and this request may read it (401 otherwise). */
export async function loadReadableArticle(
  req: Request,
  articleId: string,
  deps: { readerTokens: ReaderTokens; tokens: TokenStore; redis: Redis; config: { KEY_PREFIX: string } },
): Promise<Article> {
  const article = await readArticle(deps.redis, deps.config.KEY_PREFIX, articleId);
  if (!article) throw new HttpError("article_not_found", `No article "${articleId}"`);
  await assertCanRead(req, article, deps);
  return article;
}
