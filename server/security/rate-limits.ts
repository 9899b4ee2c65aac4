import type { Request, RequestHandler } from "express";
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { Config } from "../../platform/config.js";
import { HttpError } from "../http/http-error.js";

export type LimitName = "writes" | "reads" | "connections" | "subscribes";

/** Answers whether one more action is allowed; `retryAfterMs` when it is not. */
export interface Limiter {
  take(key: string): Promise<{ ok: true } | { ok: false; retryAfterMs: number }>;
}

export type RateLimits = Record<LimitName, Limiter>;

const ALLOW: Limiter = { take: () => Promise.resolve({ ok: true }) };

function limiter(redis: Redis, prefix: string, name: LimitName, perMinute: number): Limiter {
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
export function createRateLimits(redis: Redis, config: Config): RateLimits {
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

export function rateLimitedError(retryAfterMs: number, what: string): HttpError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new HttpError("rate_limited", `Too many ${what}; retry in ${seconds} s`, undefined, {
    "Retry-After": String(seconds),
  });
}

/** Express middleware: 429 with Retry-After once `keyOf(req)` used up its limit. */
export function limitRequests(limit: Limiter, what: string, keyOf: (req: Request) => string): RequestHandler {
  return async (req, _res, next) => {
    try {
      const result = await limit.take(keyOf(req));
      next(result.ok ? undefined : rateLimitedError(result.retryAfterMs, what));
    } catch (err) {
      next(err);
    }
  };
}
