// What `npm start` and `npm run cluster` share: a Redis to run on, and a development token.
import type { Config } from "../../platform/config.js";
import type { Logger } from "../../platform/logger.js";
import {
  RedisServerMissingError,
  startPrivateRedis,
  type PrivateRedis,
} from "../../platform/private-redis.js";
import { closeRedis, createRedis, waitUntilReady } from "../../platform/redis.js";
import { createTokenStore } from "../../server/auth/token-store.js";

/**
 * The environment with REDIS_URL set: as given, or pointing at a private redis-server from
 * PATH keeping its data in .herald/redis (append-only). Without redis-server: one line on
 * how to get one, and exit 1.
 */
export async function environmentWithRedis(): Promise<{
  env: NodeJS.ProcessEnv;
  privateRedis: PrivateRedis | null;
}> {
  const env = { ...process.env };
  if (env.REDIS_URL) return { env, privateRedis: null };
  try {
    const privateRedis = await startPrivateRedis({ dir: ".herald/redis" });
    env.REDIS_URL = privateRedis.url;
    return { env, privateRedis };
  } catch (err) {
    process.stderr.write(`herald: ${err instanceof RedisServerMissingError ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

/** A fresh development token that may write every article; the previous one stops working. */
export async function mintDevToken(config: Config, logger: Logger): Promise<string> {
  const redis = createRedis(config.REDIS_URL, logger, { role: "dev-token" });
  await waitUntilReady(redis);
  try {
    const tokens = createTokenStore(redis, config.KEY_PREFIX);
    await tokens.revoke("dev");
    return (await tokens.create({ name: "dev", articles: ["*"] })).token;
  } finally {
    await closeRedis(redis);
  }
}
