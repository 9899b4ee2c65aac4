import type { Redis } from "ioredis";
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

export async function readArticle(redis: Redis, prefix: string, articleId: string): Promise<Article | null> {
  return articleFromHash(await redis.hgetall(articleKeys(prefix, articleId).meta));
}

function parseEntries(raw: (string | null)[]): Entry[] {
  return raw.filter((r): r is string => r !== null).map((r) => entrySchema.parse(JSON.parse(r)));
}

/** One entry's current state, retracted ones included (with `deleted: true`); null if never applied. */
export async function readEntry(
  redis: Redis,
  prefix: string,
  articleId: string,
  entryId: string,
): Promise<Entry | null> {
  const raw = await redis.hget(articleKeys(prefix, articleId).entries, entryId);
  return raw === null ? null : entrySchema.parse(JSON.parse(raw));
}

export interface EntryPageQuery {
  limit: number;
  /** An opaque cursor from a previous page: entries published before it. */
  before?: string;
}

/** Live entries newest first, paged by cursor. Retracted entries are not listed. */
export async function readEntryPage(
  redis: Redis,
  prefix: string,
  articleId: string,
  query: EntryPageQuery,
): Promise<{ entries: Entry[]; nextCursor?: string }> {
  const keys = articleKeys(prefix, articleId);
  const max = query.before === undefined ? "+inf" : `(${query.before}`;
  const ids = await redis.zrevrangebyscore(
    keys.order,
    max,
    "-inf",
    "WITHSCORES",
    "LIMIT",
    0,
    query.limit + 1,
  );
  const pairs: { id: string; score: string }[] = [];
  for (let i = 0; i + 1 < ids.length; i += 2) pairs.push({ id: ids[i]!, score: ids[i + 1]! });
  const page = pairs.slice(0, query.limit);
  const entries = page.length ? parseEntries(await redis.hmget(keys.entries, ...page.map((p) => p.id))) : [];
  const last = page.at(-1);
  return pairs.length > query.limit && last ? { entries, nextCursor: last.score } : { entries };
}

/** The pinned and key-event entries, newest first (at most `limit` of each). */
export async function readHighlights(
  redis: Redis,
  prefix: string,
  articleId: string,
  limit = 100,
): Promise<{ pinned: Entry[]; keyEvents: Entry[] }> {
  const keys = articleKeys(prefix, articleId);
  const [pinnedIds, keyIds] = await Promise.all([
    redis.zrevrange(keys.pinned, 0, limit - 1),
    redis.zrevrange(keys.keyEvents, 0, limit - 1),
  ]);
  const load = async (ids: string[]) =>
    ids.length ? parseEntries(await redis.hmget(keys.entries, ...ids)) : [];
  const [pinned, keyEvents] = await Promise.all([load(pinnedIds), load(keyIds)]);
  return { pinned, keyEvents };
}
