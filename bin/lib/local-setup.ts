// What `npm start` and `npm run cluster` share: a Redis to run on, and a development token.
import type { Config } from "../../platform/config.js";
import type { Logger } from "../../platform/logger.js";
import { RedisServerMissingError, startPrivateRedis, type PrivateRedis } from "./private-redis.js";
import { closeRedis, createRedis, redisTarget, waitUntilReady } from "../../platform/redis.js";
import { createTokenStore, type TokenStore } from "../../server/auth/token-store.js";

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
  if (env.REDIS_URL || env.REDIS_CLUSTER_NODES) return { env, privateRedis: null };
  try {
    const privateRedis = await startPrivateRedis({ dir: ".herald/redis" });
    env.REDIS_URL = privateRedis.url;
    return { env, privateRedis };
  } catch (err) {
    process.stderr.write(`herald: ${err instanceof RedisServerMissingError ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

/** How long a development token works if the process that printed it never revokes it. */
export const DEV_TOKEN_TTL_MS = 12 * 3_600_000;

export interface DevToken {
  token: string;
  expiresAt: string;
  /** Stops the token working; for the process's shutdown. */
  revoke(): Promise<void>;
}

/**
 * A fresh development token: an operator that may write every article (a newcomer tries
 * webhooks too), but only for `DEV_TOKEN_TTL_MS`, and only until `revoke()`. It lives in
 * whatever Redis REDIS_URL names, so it must not outlive the laptop session that printed it.
 * The previous one stops working.
 */
export async function mintDevToken(config: Config, logger: Logger): Promise<DevToken> {
  const withTokens = async <T>(use: (tokens: TokenStore) => Promise<T>): Promise<T> => {
    const redis = createRedis(redisTarget(config), logger, { role: "dev-token" });
    try {
      await waitUntilReady(redis);
      return await use(createTokenStore(redis, config.KEY_PREFIX));
    } finally {
      await closeRedis(redis);
    }
  };
  const expiresAt = new Date(Date.now() + DEV_TOKEN_TTL_MS);
  const { token, record } = await withTokens(async (tokens) => {
    await tokens.revoke("dev");
    return tokens.create({ name: "dev", articles: ["*"], operator: true, expiresAt });
  });
  return {
    token,
    expiresAt: expiresAt.toISOString(),
    async revoke() {
      await withTokens((tokens) => tokens.revoke(record.id));
    },
  };
}
