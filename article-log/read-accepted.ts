import type { Redis } from "ioredis";
import { articleKeys } from "./keys.js";

/** Whether the API accepted this entry (its create may still be queued). */
export async function isAccepted(
  redis: Redis,
  prefix: string,
  articleId: string,
  entryId: string,
): Promise<boolean> {
  return (await redis.sismember(articleKeys(prefix, articleId).accepted, entryId)) === 1;
}

/** The ids of an article's scheduled entries, soonest first. */
export async function readScheduledIds(redis: Redis, prefix: string, articleId: string): Promise<string[]> {
  return redis.zrange(articleKeys(prefix, articleId).scheduled, "0", "-1");
}
