import type { RedisClient } from "../../platform/redis.js";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { Config } from "../../platform/config.js";
import { refuse, type Refusal } from "./refusal.js";

export type LimitName = "writes" | "reads" | "connections" | "subscribes";

/** Answers whether one more action is allowed; `retryAfterMs` when it is not. */
export interface Limiter {
  take(key: string): Promise<{ ok: true } | { ok: false; retryAfterMs: number }>;
}

export type RateLimits = Record<LimitName, Limiter>;

const ALLOW: Limiter = { take: () => Promise.resolve({ ok: true }) };

function limiter(redis: RedisClient, prefix: string, name: LimitName, perMinute: number): Limiter {
  const points = perMinute;
  const store = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${prefix}rl:${name}`,
    points,
    duration: 60,
    // While Redis is unreachable, count in this process's memory instead of failing open.
    insuranceLimiter: new RateLimiterMemory({ points, duration: 60 }),
  });
  return {
    async take(key) {
      try {
        await store.consume(key);
        return { ok: true };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return { ok: false, retryAfterMs: rejection.msBeforeNext };
        throw rejection;
      }
    },
  };
}

/**
 * Redis-backed limits shared by every server process (rate-limiter-flexible): writes per
 * editor token, reads, connections and subscribes per client IP. `RATE_LIMITS=off` turns
 * them off for load tests.
 */
export function createRateLimits(redis: RedisClient, config: Config): RateLimits {
  if (config.RATE_LIMITS === "off")
    return { writes: ALLOW, reads: ALLOW, connections: ALLOW, subscribes: ALLOW };
  const prefix = config.KEY_PREFIX;
  return {
    writes: limiter(redis, prefix, "writes", config.RATE_WRITES_PER_MINUTE),
    reads: limiter(redis, prefix, "reads", config.RATE_READS_PER_MINUTE),
    connections: limiter(redis, prefix, "connections", config.RATE_CONNECTIONS_PER_MINUTE),
    subscribes: limiter(redis, prefix, "subscribes", config.RATE_SUBSCRIBES_PER_MINUTE),
  };
}

/**
 * Takes one action from `limit` for `key`: a `rate_limited` refusal naming `what` once the
 * minute's budget is spent. No transport's types: HTTP answers it with 429 and Retry-After
 * (server/http/guards.ts); the gateway, which only needs yes or no, calls `take` itself.
 */
export async function takeOrRefuse(
  limit: Limiter,
  key: string,
  what: string,
): Promise<{ ok: true } | Refusal> {
  const result = await limit.take(key);
  if (result.ok) return result;
  const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
  return refuse("rate_limited", `Too many ${what}; retry in ${seconds} s`, {
    retryAfterMs: result.retryAfterMs,
  });
}
