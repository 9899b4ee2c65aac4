import type { RedisClient } from "../platform/redis.js";
import { articleSchema, entrySchema, type Article, type Entry } from "../protocol/index.js";
import { articleKeys } from "./keys.js";

/** Builds an Article from its meta hash; null when the article does not exist. */
export function articleFromHash(hash: Record<string, string>): Article | null {
  if (!hash.id) return null;
  return articleSchema.parse({
    id: hash.id,
    title: hash.title,
    status: hash.status,
    epoch: hash.epoch,
    seq: Number(hash.seq ?? 0),
    createdAt: hash.createdAt,
    updatedAt: hash.updatedAt,
    ...(hash.endedAt ? { endedAt: hash.endedAt } : {}),
    ...(hash.private === "1" ? { private: true } : {}),
  });
}

export async function readArticle(
  redis: RedisClient,
  prefix: string,
  articleId: string,
): Promise<Article | null> {
  return articleFromHash(await redis.hgetall(articleKeys(prefix, articleId).meta));
}

/** One entry's current state, retracted ones included (with `deleted: true`); null if never applied. */
export async function readEntry(
  redis: RedisClient,
  prefix: string,
  articleId: string,
  entryId: string,
): Promise<Entry | null> {
  const raw = await redis.hget(articleKeys(prefix, articleId).entries, entryId);
  return raw === null ? null : entrySchema.parse(JSON.parse(raw));
}
