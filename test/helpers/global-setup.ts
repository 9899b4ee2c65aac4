import type { TestProject } from "vitest/node";
import { Redis } from "ioredis";
import { startPrivateRedis, type PrivateRedis } from "../../bin/lib/private-redis.js";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

async function answers(url: string): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1_000,
  });
  probe.on("error", () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

let privateRedis: PrivateRedis | null = null;

/** Uses REDIS_URL (or 127.0.0.1:6379) when a Redis answers there; otherwise starts one. */
export default async function setup(project: TestProject) {
  const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  if (await answers(url)) {
    project.provide("redisUrl", url);
  } else {
    privateRedis = await startPrivateRedis();
    process.stderr.write(`tests: no Redis at ${url}; started redis-server at ${privateRedis.url}\n`);
    project.provide("redisUrl", privateRedis.url);
  }
  return async () => {
    await privateRedis?.stop();
  };
}
