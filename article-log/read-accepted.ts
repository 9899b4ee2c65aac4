import type { RedisClient } from "../platform/redis.js";
import { articleKeys } from "./keys.js";

/** Whether the API accepted this entry (its create may still be queued). */
export async function isAccepted(
  redis: RedisClient,
  prefix: string,
  articleId: string,
  entryId: string,
): Promise<boolean> {
  return (await redis.sismember(articleKeys(prefix, articleId).accepted, entryId)) === 1;
}

/** The ids of an article's scheduled entries, soonest first. */
export async function readScheduledIds(
  redis: RedisClient,
  prefix: string,
  articleId: string,
): Promise<string[]> {
  return redis.zrange(articleKeys(prefix, articleId).scheduled, "0", "-1");
}
