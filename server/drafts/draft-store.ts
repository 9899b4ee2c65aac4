import type { RedisClient } from "../../platform/redis.js";
import { draftSchema, type Draft } from "../../protocol/draft.js";

/**
 * One hash per article, beside its log but never part of it: nothing that serves readers
 * (catch-up, updates, feeds, embed.html, webhooks) reads this key. The article's hash tag keeps
 * it in the article's slot on a Redis Cluster.
 */
export function draftsKey(prefix: string, articleId: string): string {
  return `${prefix}a:{${articleId}}:drafts`;
}

/** Replaces a draft only while it exists, so an edit racing a publish cannot bring it back. */
const REPLACE_IF_PRESENT = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1`;

/** Removes and returns a draft in one step: of a publish and a reject, only one gets it. */
const TAKE = `
local json = redis.call('HGET', KEYS[1], ARGV[1])
if json then redis.call('HDEL', KEYS[1], ARGV[1]) end
return json`;

export interface DraftStore {
  /** Stores a new draft; a second submit with the same id (a retried request) gets the first. */
  create(draft: Draft): Promise<Draft>;
  get(articleId: string, draftId: string): Promise<Draft | null>;
  /** Oldest first. */
  list(articleId: string): Promise<Draft[]>;
  /** False when the draft is gone (published or rejected meanwhile). */
  replace(draft: Draft): Promise<boolean>;
  /** The draft, removed; null when another publish or reject took it first. */
  take(articleId: string, draftId: string): Promise<Draft | null>;
}

export function createDraftStore(redis: RedisClient, prefix: string): DraftStore {
  const parse = (json: string) => draftSchema.parse(JSON.parse(json));
  return {
    async create(draft) {
      const key = draftsKey(prefix, draft.articleId);
      if (await redis.hsetnx(key, draft.id, JSON.stringify(draft))) return draft;
      return (await this.get(draft.articleId, draft.id)) ?? draft;
    },
    async get(articleId, draftId) {
      const json = await redis.hget(draftsKey(prefix, articleId), draftId);
      return json ? parse(json) : null;
    },
    async list(articleId) {
      const all = Object.values(await redis.hgetall(draftsKey(prefix, articleId))).map(parse);
      return all.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    },
    async replace(draft) {
      const key = draftsKey(prefix, draft.articleId);
      return (await redis.eval(REPLACE_IF_PRESENT, 1, key, draft.id, JSON.stringify(draft))) === 1;
    },
    async take(articleId, draftId) {
      const json = (await redis.eval(TAKE, 1, draftsKey(prefix, articleId), draftId)) as string | null;
      return json ? parse(json) : null;
    },
  };
}
