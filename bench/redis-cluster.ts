import { Redis } from "ioredis";
import { startPrivateRedisCluster } from "../bin/lib/private-redis-cluster.js";
import { onCleanup } from "./child-registry.js";
import type { PhaseUsage } from "./proc-stats.js";

export interface ClusterNodeProcess {
  port: number;
  pid: number;
}

/** The bench's private Redis Cluster (`--redis cluster|both`): 3 primaries, one replica each. */
export interface BenchCluster {
  /** For REDIS_CLUSTER_NODES. */
  seeds: string;
  /** redis_version of its nodes. */
  version: string;
  /** In port order: `redisCpuPrimary1` is the first. */
  primaries: ClusterNodeProcess[];
  replicas: ClusterNodeProcess[];
  /** Stops every node: the bench's keys go with them. */
  stop(): Promise<void>;
}

/** redis_version of one node, asked directly; "unknown" if it does not say. */
async function versionOf(port: number): Promise<string> {
  const redis = new Redis({ host: "127.0.0.1", port, lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    return /redis_version:(\S+)/.exec(await redis.info("server"))?.[1] ?? "unknown";
  } catch {
    return "unknown";
  } finally {
    redis.disconnect();
  }
}

/**
 * Starts a fresh cluster of redis-server processes on free ports (one per scenario, as each
 * scenario gets fresh Herald processes). Registered for clean-up, so an error or Ctrl-C
 * stops it too.
 */
export async function startBenchCluster(): Promise<BenchCluster> {
  const cluster = await startPrivateRedisCluster();
  const unregister = onCleanup(() => cluster.stop());
  try {
    const pidOf = (port: number): ClusterNodeProcess => {
      const pid = cluster.nodes.find((node) => node.port === port)?.process.pid;
      if (pid === undefined) throw new Error(`no process for Redis Cluster node ${port}`);
      return { port, pid };
    };
    const primaries = await cluster.primaries();
    const version = await versionOf(primaries[0]!.port);
    return {
      seeds: cluster.seeds,
      version,
      primaries: primaries.map((p) => pidOf(p.port)),
      replicas: primaries.flatMap((p) => p.replicas.map(pidOf)),
      async stop() {
        await cluster.stop();
        unregister();
      },
    };
  } catch (err) {
    await cluster.stop();
    unregister();
    throw err;
  }
}

/** The cluster's share of a phase's CPU (% of one core): each primary, and the replicas together. */
export function clusterCpu(cluster: BenchCluster, usage: PhaseUsage): Record<string, number> {
  const cpu = (pid: number) => usage.processes.find((p) => p.pid === pid)?.cpuPercent ?? NaN;
  return {
    ...Object.fromEntries(cluster.primaries.map((p, i) => [`redisCpuPrimary${i + 1}`, cpu(p.pid)])),
    redisCpuReplicasTotal: cluster.replicas.reduce((sum, r) => sum + cpu(r.pid), 0),
  };
}
