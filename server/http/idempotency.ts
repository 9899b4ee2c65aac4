import { createHash } from "node:crypto";
import type { RedisClient } from "../../platform/redis.js";
import { idempotencyKey } from "../../article-log/keys.js";
import { HttpError } from "./http-error.js";

/**
 * Claims an `Idempotency-Key` for a new entry. The first request with a key stores the entry
 * id it chose; every later one with the same key and body gets that same id back (and its job
 * is deduplicated by the same op id), so retries never make a second entry. The same key with
 * another body is a client bug: 422. The key's form is checked by the route's descriptor
 * (protocol/routes/entries.ts) before this runs.
 */
export async function claimIdempotencyKey(
  redis: RedisClient,
  options: {
    prefix: string;
    articleId: string;
    tokenId: string;
    key: string;
    body: unknown;
    entryId: string;
    ttlSeconds: number;
  },
): Promise<string> {
  const fingerprint = createHash("sha256").update(JSON.stringify(options.body)).digest("hex");
  const redisKey = idempotencyKey(options.prefix, options.articleId, options.tokenId, options.key);
  const value = `${options.entryId} ${fingerprint}`;
  const claimed = await redis.set(redisKey, value, "EX", options.ttlSeconds, "NX");
  if (claimed === "OK") return options.entryId;
  const existing = (await redis.get(redisKey)) ?? value;
  const [entryId, storedFingerprint] = existing.split(" ");
  if (storedFingerprint !== fingerprint) {
    throw new HttpError("idempotency_key_reused", "This Idempotency-Key was used with a different body");
  }
  return entryId ?? options.entryId;
}
