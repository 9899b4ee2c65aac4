import { spawn, type ChildProcess } from "node:child_process";
import { Redis } from "ioredis";
import { freePort } from "./private-redis.js";

export interface ClusterNode {
  port: number;
  /** "127.0.0.1:<port>" */
  address: string;
  process: ChildProcess;
}

/**
 * Node settings for a test of failover:
 * - cluster-node-timeout 1000: a dead primary is flagged and its replica promoted in ~1–3 s
 *   instead of the default 15 s.
 * - cluster-replica-validity-factor 0: a replica may always fail over, however long it has been
 *   cut off from its primary; on a loaded test machine the default could leave slots unserved.
 * - cluster-require-full-coverage stays at its default (yes), as in production: while a dead
 *   primary's slots have no owner the whole cluster answers CLUSTERDOWN, so a test sees the
 *   outage Herald really gets, and cluster_state:ok means the failover has really finished.
 *   With "no" the state would stay ok with slots unserved and waitHealthy would prove less.
 * - repl-diskless-sync-delay 0: a replica gets its first copy at once, not after the default
 *   5 s wait for more replicas; until then WAIT blocks and a failover would lose data.
 */
function nodeArgs(port: number, busPort: number, dir: string, appendOnly: boolean): string[] {
  // prettier-ignore
  return [
    "--port", String(port),
    // The bus port is chosen too: the default (port + 10000) may be taken, or above 65535.
    "--cluster-port", String(busPort),
    "--bind", "127.0.0.1",
    "--cluster-enabled", "yes",
    "--cluster-config-file", `nodes-${port}.conf`,
    "--cluster-node-timeout", "1000",
    "--cluster-replica-validity-factor", "0",
    "--dir", dir,
    "--save", "",
    "--appendonly", appendOnly ? "yes" : "no",
    "--repl-diskless-sync-delay", "0",
  ];
}

/** One short-lived single-node connection: nodes are asked directly, never through a Cluster client. */
export async function ask<T>(port: number, use: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis({
    host: "127.0.0.1",
    port,
    lazyConnect: true,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    return await use(redis);
  } finally {
    redis.disconnect();
  }
}

/**
 * Starts one redis-server in cluster mode (not yet part of a cluster) with its files in `dir`,
 * and resolves once it answers PING, retrying on fresh ports if one was taken between choosing
 * and binding it.
 */
export async function startNode(dir: string, appendOnly: boolean): Promise<ClusterNode> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const busPort = await freePort();
    const child = spawn("redis-server", nodeArgs(port, busPort, dir, appendOnly), { stdio: "ignore" });
    // Never outlive the process that started it, however that process ends.
    const killChild = () => child.kill("SIGKILL");
    process.once("exit", killChild);
    child.once("exit", () => process.off("exit", killChild));
    const deadline = Date.now() + 10_000;
    for (;;) {
      const answered = await ask(port, (redis) => redis.ping()).catch(() => null);
      if (answered === "PONG") return { port, address: `127.0.0.1:${port}`, process: child };
      if (child.exitCode !== null || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill("SIGKILL");
    if (attempt === 3) throw new Error(`redis-server did not start in cluster mode (last port ${port})`);
  }
}
