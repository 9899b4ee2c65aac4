import { randomBytes } from "node:crypto";
import { loadConfig, type Config } from "../../platform/config.js";
import { createLogger } from "../../platform/logger.js";
import { closeRedis, createRedis, redisTarget, type Cluster } from "../../platform/redis.js";
import { createTokenStore } from "../../server/auth/token-store.js";
import { startPrivateRedisCluster, type PrivateRedisCluster } from "../../bin/lib/private-redis-cluster.js";
import { readMetric } from "../../bench/herald-metrics.js";
import { spawnHerald, type HeraldProcess } from "./processes.js";
import { callApi, createTestTokens } from "./stack.js";

export interface ClusterStack {
  cluster: PrivateRedisCluster;
  config: Config;
  servers: HeraldProcess[];
  workers: HeraldProcess[];
  /** The servers' base URLs, in order. */
  urls: string[];
  /** A Cluster client of the test's own. */
  redis: Cluster;
  token: string;
  operatorToken: string;
  /** Calls server `server` (index) with the editor token, or `as` another. */
  api(
    method: string,
    path: string,
    options?: { server?: number; body?: unknown; headers?: Record<string, string>; as?: string },
  ): ReturnType<typeof callApi>;
  /** A counter of server `server`'s `/metrics` (the sum of its samples; NaN if unreachable). */
  metric(server: number, name: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * A 3-primary, 3-replica Redis Cluster of redis-server processes, with Herald servers and
 * workers as separate processes on it (REDIS_CLUSTER_NODES), as a newsroom would run them.
 */
export async function startClusterStack(
  options: { servers?: number; workers?: number; env?: Record<string, string> } = {},
): Promise<ClusterStack> {
  const cluster = await startPrivateRedisCluster();
  const processes: HeraldProcess[] = [];
  let redis: Cluster | null = null;
  try {
    const env = { REDIS_CLUSTER_NODES: cluster.seeds, ...options.env };
    const config = loadConfig({
      ...env,
      KEY_PREFIX: `c${randomBytes(4).toString("hex")}:`,
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "silent",
    });
    const client = createRedis(redisTarget(config), createLogger({ level: "silent", name: "test" }), {
      role: "test",
    });
    redis = client as Cluster;
    const { token, operatorToken } = await createTestTokens(createTokenStore(client, config.KEY_PREFIX));
    const workers: HeraldProcess[] = [];
    for (let i = 0; i < (options.workers ?? 2); i++) {
      const worker = await spawnHerald("worker", config, env);
      processes.push(worker);
      workers.push(worker);
    }
    const servers: HeraldProcess[] = [];
    for (let i = 0; i < (options.servers ?? 2); i++) {
      const server = await spawnHerald("server", config, env);
      processes.push(server);
      servers.push(server);
    }
    const urls = servers.map((s) => `http://127.0.0.1:${s.port}`);
    const own = redis;
    return {
      cluster,
      config,
      servers,
      workers,
      urls,
      redis: own,
      token,
      operatorToken,
      api: (method, path, { server = 0, body, headers = {}, as = token } = {}) =>
        callApi(urls[server]!, as, method, path, body, headers),
      // `name{component="server"} 12`: read as the bench reads it.
      metric: (server, name) => readMetric(urls[server]!, name),
      async close() {
        await Promise.all(processes.map((p) => p.stop()));
        await closeRedis(own);
        await cluster.stop();
      },
    };
  } catch (err) {
    await Promise.all(processes.map((p) => p.stop()));
    if (redis) await closeRedis(redis);
    await cluster.stop();
    throw err;
  }
}
