import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { freePort, RedisServerMissingError } from "./private-redis.js";

export interface ClusterNode {
  port: number;
  /** "127.0.0.1:<port>" */
  address: string;
  process: ChildProcess;
}

export interface ClusterPrimary {
  port: number;
  slots: [number, number][];
  replicas: number[];
}

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

const SLOTS = 16384;
const POLL_MS = 75;

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

/** Why a local Redis Cluster cannot be started here (a program missing), or null when it can. */
export function redisClusterToolsMissing(): string | null {
  const missing = ["redis-server", "redis-cli"].find(
    (command) => spawnSync(command, ["--version"], { stdio: "ignore" }).error,
  );
  return missing
    ? `${missing} is not installed; a local Redis Cluster needs redis-server and redis-cli (apt-get install redis-server, brew install redis)`
    : null;
}

/** One short-lived single-node connection: nodes are asked directly, never through a Cluster client. */
async function ask<T>(port: number, use: (redis: Redis) => Promise<T>): Promise<T> {
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

interface NodeLine {
  id: string;
  port: number;
  flags: string[];
  primaryId: string | null;
  slots: [number, number][];
}

/** CLUSTER NODES: `<id> <ip:port@cport[,host]> <flags> <primary|-> <ping> <pong> <epoch> <link> <slot>...` */
function parseClusterNodes(text: string): NodeLine[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const [id, address, flags, primary, , , , , ...slotFields] = line.trim().split(" ");
      const port = Number(/:(\d+)@/.exec(address ?? "")?.[1]);
      const slots: [number, number][] = [];
      for (const field of slotFields) {
        if (field.startsWith("[")) continue; // a slot being imported or migrated
        const [from, to] = field.split("-").map(Number) as [number, number | undefined];
        slots.push([from, to ?? from]);
      }
      return {
        id: id ?? "",
        port,
        flags: (flags ?? "").split(","),
        primaryId: primary && primary !== "-" ? primary : null,
        slots,
      };
    });
}

/** Primaries not flagged as failed, with their replicas that are not flagged as failed. */
function primariesOf(lines: NodeLine[]): ClusterPrimary[] {
  const failed = (line: NodeLine) => line.flags.includes("fail") || line.flags.includes("noaddr");
  return lines
    .filter((line) => line.flags.includes("master") && !failed(line))
    .map((primary) => ({
      port: primary.port,
      slots: [...primary.slots].sort((a, b) => a[0] - b[0]),
      replicas: lines
        .filter((line) => line.primaryId === primary.id && line.flags.includes("slave") && !failed(line))
        .map((line) => line.port)
        .sort((a, b) => a - b),
    }))
    .sort((a, b) => a.port - b.port);
}

/** Starts one node, retrying on fresh ports if one was taken between choosing and binding it. */
async function startNode(dir: string, appendOnly: boolean): Promise<ClusterNode> {
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

  /** What keeps the cluster from being healthy now, or null when nothing does. */
  const unhealthy = async (): Promise<string | null> => {
    const liveNodes = live();
    const livePorts = new Set(liveNodes.map((node) => node.port));
    const views = await Promise.all(
      liveNodes.map(async (node) => {
        try {
          return await ask(node.port, async (redis) => ({
            port: node.port,
            info: await redis.cluster("INFO"),
            replication: await redis.info("replication"),
            primaries: primariesOf(parseClusterNodes(String(await redis.cluster("NODES")))),
          }));
        } catch (err) {
          return { port: node.port, error: err instanceof Error ? err.message : String(err) };
        }
      }),
    );
    const problems: string[] = [];
    for (const view of views) {
      if ("error" in view) problems.push(`node ${view.port} does not answer (${view.error})`);
      else if (!/^cluster_state:ok\s*$/m.test(view.info))
        problems.push(`node ${view.port}: cluster_state is not ok`);
      else if (
        /^role:slave\s*$/m.test(view.replication) &&
        !/^master_link_status:up\s*$/m.test(view.replication)
      )
        problems.push(`replica ${view.port} is not yet linked to its primary`);
    }
    if (problems.length > 0) return problems.join("; ");

    const answered = views.flatMap((view) => ("error" in view ? [] : [view]));
    const first = answered[0];
    if (!first) return "no live node";
    const disagreeing = answered.filter(
      (view) => JSON.stringify(view.primaries) !== JSON.stringify(first.primaries),
    );
    if (disagreeing.length > 0) {
      return `nodes ${disagreeing.map((view) => view.port).join(", ")} see other primaries or replicas than node ${first.port}`;
    }
    const served = new Array<boolean>(SLOTS).fill(false);
    let doubled = 0;
    for (const primary of first.primaries) {
      if (!livePorts.has(primary.port)) {
        problems.push(
          `primary ${primary.port} (slots ${primary.slots.map((r) => r.join("-")).join(",")}) is dead`,
        );
        continue;
      }
      for (const [from, to] of primary.slots) {
        for (let slot = from; slot <= to; slot++) {
          if (served[slot]) doubled++;
          served[slot] = true;
        }
      }
    }
    const unserved = served.filter((isServed) => !isServed).length;
    if (unserved > 0) problems.push(`${unserved} slots have no live primary`);
    if (doubled > 0) problems.push(`${doubled} slots have two primaries`);
    return problems.length > 0 ? problems.join("; ") : null;
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
        const problem = await unhealthy();
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
