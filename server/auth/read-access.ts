import type { RedisClient } from "../../platform/redis.js";
import { readArticle } from "../../article-log/read.js";
import type { Article } from "../../protocol/index.js";
import type { ReaderTokens } from "../security/reader-tokens.js";
import { refuse, type Refusal } from "../security/refusal.js";
import { bearerToken } from "./editor-guard.js";
import { tokenAllows, type TokenStore } from "./token-store.js";

export interface ReadAccessDeps {
  readerTokens: ReaderTokens;
  tokens: TokenStore;
  redis: RedisClient;
  config: { KEY_PREFIX: string };
  /** Reads the article's meta; the HTTP read routes pass one that coalesces identical reads. */
  readArticle?: (articleId: string) => Promise<Article | null>;
}

/**
 * Public articles are open to all. A private one needs, as `Authorization: Bearer`, a reader
 * token for it or an editor token whose scope covers it; refused (401) otherwise.
 */
export async function checkCanRead(
  authorization: string | undefined,
  article: Article,
  deps: Pick<ReadAccessDeps, "readerTokens" | "tokens">,
): Promise<{ ok: true } | Refusal> {
  if (!article.private) return { ok: true };
  const token = bearerToken(authorization);
  if (token && (await deps.readerTokens.verify(token, article.id)) !== null) return { ok: true };
  const editor = token ? await deps.tokens.verify(token) : null;
  if (editor && tokenAllows(editor, article.id)) return { ok: true };
  return refuse("unauthorized", "This article is private: send a reader token for it");
}

/** The article, if it exists (404 otherwise) and this caller may read it (401 otherwise). */
export async function loadReadableArticle(
  authorization: string | undefined,
  articleId: string,
  deps: ReadAccessDeps,
): Promise<{ ok: true; article: Article } | Refusal> {
  const article = deps.readArticle
    ? await deps.readArticle(articleId)
    : await readArticle(deps.redis, deps.config.KEY_PREFIX, articleId);
  if (!article) return refuse("article_not_found", `No article "${articleId}"`);
  const access = await checkCanRead(authorization, article, deps);
  return access.ok ? { ok: true, article } : access;
}
