import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RedisServerMissingError } from "./private-redis.js";
import { clusterProblems } from "./redis-cluster-health.js";
import { ask, startNode, type ClusterNode } from "./redis-cluster-node.js";
import {
  parseClusterNodes,
  primariesOf,
  type ClusterPrimary,
  type NodeLine,
} from "./redis-cluster-topology.js";

export type { ClusterNode } from "./redis-cluster-node.js";
export type { ClusterPrimary } from "./redis-cluster-topology.js";

export interface PrivateRedisCluster {
  /** All nodes, in start order. */
  nodes: ClusterNode[];
  /** Seed list for REDIS_CLUSTER_NODES: "127.0.0.1:p1,127.0.0.1:p2,..." (all nodes). */
  seeds: string;
  /** Current primaries, as a live node sees them, each with its slot ranges and its replicas' ports. */
  primaries(): Promise<ClusterPrimary[]>;
  /** The port of the primary that serves this key's slot now. */
  primaryFor(key: string): Promise<number>;
  /** SIGKILLs one node (a crash). */
  kill(port: number): void;
  /**
   * Resolves once every live node reports cluster_state:ok, all 16384 slots are served by a live
   * primary, every live node agrees on the primaries and their replicas, and every live replica
   * is linked to its primary (has its copy, so a WAIT or a failover can count on it). Rejects after
   * `timeoutMs` saying what is still wrong.
   */
  waitHealthy(timeoutMs?: number): Promise<void>;
  /** SIGTERMs every node, waits for them to exit, removes their directories. Safe twice. */
  stop(): Promise<void>;
}

const POLL_MS = 75;

/** Why a local Redis Cluster cannot be started here (a program missing), or null when it can. */
export function redisClusterToolsMissing(): string | null {
  const missing = ["redis-server", "redis-cli"].find(
    (command) => spawnSync(command, ["--version"], { stdio: "ignore" }).error,
  );
  return missing
    ? `${missing} is not installed; a local Redis Cluster needs redis-server and redis-cli (apt-get install redis-server, brew install redis)`
    : null;
}

function createCluster(addresses: string[], replicasPerPrimary: number): Promise<void> {
  const args = ["--cluster", "create", ...addresses];
  args.push("--cluster-replicas", String(replicasPerPrimary), "--cluster-yes");
  return new Promise((resolve, reject) => {
    execFile("redis-cli", args, { timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`redis-cli --cluster create failed: ${err.message}\n${stdout}${stderr}`));
      else resolve();
    });
  });
}

/**
 * A real Redis Cluster of `redis-server` processes on 127.0.0.1, each node in its own temporary
 * directory, for tests, the bench and `npm run cluster --redis-cluster`. Resolves once healthy.
 */
export async function startPrivateRedisCluster(
  options: { primaries?: number; replicasPerPrimary?: number; appendOnly?: boolean } = {},
): Promise<PrivateRedisCluster> {
  const missing = redisClusterToolsMissing();
  if (missing) throw new RedisServerMissingError(missing);
  const primaryCount = options.primaries ?? 3;
  const replicasPerPrimary = options.replicasPerPrimary ?? 1;
  const appendOnly = options.appendOnly ?? false;

  const nodes: ClusterNode[] = [];
  const dirs: string[] = [];
  const killed = new Set<number>();
  const live = () =>
    nodes.filter(
      (node) => !killed.has(node.port) && node.process.exitCode === null && node.process.signalCode === null,
    );
  const removeDirs = () => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  };
  // The parent ending without stop(): no node survives it, no directory is left behind.
  const onExit = () => {
    for (const node of nodes) node.process.kill("SIGKILL");
    removeDirs();
  };
  process.once("exit", onExit);

  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      await Promise.all(
        nodes.map(
          ({ process: child }) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once("exit", () => resolve());
              child.kill("SIGTERM");
            }),
        ),
      );
      removeDirs();
      process.off("exit", onExit);
    })());

  /** CLUSTER NODES as the first live node that answers sees it. */
  const anyView = async (): Promise<NodeLine[]> => {
    for (const node of live()) {
      const text = await ask(node.port, (redis) => redis.cluster("NODES")).catch(() => null);
      if (typeof text === "string") return parseClusterNodes(text);
    }
    throw new Error("no node of the Redis Cluster answers");
  };

  const cluster: PrivateRedisCluster = {
    nodes,
    get seeds() {
      return nodes.map((node) => node.address).join(",");
    },
    async primaries() {
      return primariesOf(await anyView());
    },
    async primaryFor(key) {
      const [node] = live();
      if (!node) throw new Error("no node of the Redis Cluster is alive");
      const slot = await ask(node.port, (redis) => redis.cluster("KEYSLOT", key));
      const owner = primariesOf(await anyView()).find((primary) =>
        primary.slots.some(([from, to]) => slot >= from && slot <= to),
      );
      if (!owner) throw new Error(`no primary serves slot ${slot} (key ${key})`);
      return owner.port;
    },
    kill(port) {
      const node = nodes.find((candidate) => candidate.port === port);
      if (!node) throw new Error(`no node of this Redis Cluster listens on ${port}`);
      killed.add(port);
      node.process.kill("SIGKILL");
    },
    async waitHealthy(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const problem = await clusterProblems(live());
        if (problem === null) return;
        if (Date.now() > deadline) {
          throw new Error(`Redis Cluster not healthy after ${timeoutMs} ms: ${problem}`);
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    },
    stop,
  };

  try {
    const count = primaryCount * (1 + replicasPerPrimary);
    for (let i = 0; i < count; i++) {
      const dir = mkdtempSync(join(tmpdir(), "herald-redis-cluster-"));
      dirs.push(dir);
      nodes.push(await startNode(dir, appendOnly));
    }
    await createCluster(
      nodes.map((node) => node.address),
      replicasPerPrimary,
    );
    await cluster.waitHealthy();
    return cluster;
  } catch (err) {
    await stop();
    throw err;
  }
}
