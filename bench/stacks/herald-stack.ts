import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { dropPrefix } from "../../test/helpers/drop-prefix.js";
import { onCleanup } from "../child-registry.js";
import { nowMs } from "../clock.js";
import { COMPILED_ENTRY, ensureCompiled } from "./compiled-herald.js";
import { ROOT, spawnNode, type NodeChild } from "./spawn-node.js";
import { cpuProfArgs, type BenchStack, type StackOptions } from "./stack.js";

const run = promisify(execFile);

export interface HeraldOptions extends StackOptions {
  /** Server processes readers connect to. */
  servers: number;
  workers: number;
  /** One more server that only takes the editor's posts (the storm restarts the readers' one). */
  apiServer: boolean;
  /** Extra Herald settings (docs/configuration.md), e.g. WORKER_CONCURRENCY. */
  env: Record<string, string>;
  /** Seed nodes of a Redis Cluster to run on (REDIS_CLUSTER_NODES) instead of `redisUrl`. */
  redisCluster?: string;
}

/** Deletes every key under the bench's prefix, on a connection of its own. */
async function dropBenchKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  try {
    await dropPrefix(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

/**
 * Herald as it runs in production: the compiled server and worker (`npm run server` and
 * `npm run worker`, dist/ built first when stale) as separate processes on one Redis, under
 * a KEY_PREFIX of the bench's own that is deleted afterwards, and an editor token minted
 * with the compiled `npm run token`. On a Redis Cluster the keys are not deleted: the cluster
 * is the bench's own, and goes with them when it stops.
 */
export async function startHerald(options: HeraldOptions): Promise<BenchStack> {
  await ensureCompiled();
  const prefix = `bench-${randomBytes(4).toString("hex")}:`;
  const dropKeys = options.redisCluster ? async () => {} : () => dropBenchKeys(options.redisUrl, prefix);
  const unregister = onCleanup(dropKeys);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    ...(options.redisCluster
      ? { REDIS_CLUSTER_NODES: options.redisCluster }
      : { REDIS_URL: options.redisUrl }),
    KEY_PREFIX: prefix,
    HOST: "127.0.0.1",
    PORT: "0",
    // Herald's default level: each request logs a line, as in production.
    LOG_LEVEL: "info",
    // For load tests on one machine (docs/configuration.md): every reader comes from 127.0.0.1.
    RATE_LIMITS: "off",
    WORKER_METRICS_PORT: "0",
    ...options.env,
  };
  let serial = 0;
  const startServer = (port: number) => {
    const name = `herald-server-${++serial}`;
    return spawnNode({
      name,
      entry: COMPILED_ENTRY.server,
      env: { ...env, PORT: String(port) },
      nodeArgs: cpuProfArgs(options, name),
      logDir: options.logDir,
      ready: (line) => (line.msg === "server listening" ? Number(line.port) : undefined),
    });
  };
  const startWorker = (i: number) => {
    const name = `herald-worker-${i + 1}`;
    return spawnNode({
      name,
      entry: COMPILED_ENTRY.worker,
      env,
      nodeArgs: cpuProfArgs(options, name),
      logDir: options.logDir,
      ready: (line) => (line.msg === "worker ready" ? 0 : undefined),
    });
  };
  const [token, workers, servers, api] = await Promise.all([
    run(process.execPath, [COMPILED_ENTRY.token, "create", "--name", "bench", "--articles", "*"], {
      cwd: ROOT,
      env,
    }).then(({ stdout }) => stdout.trim().split("\n").at(-1) ?? ""),
    Promise.all(Array.from({ length: options.workers }, (_, i) => startWorker(i))),
    Promise.all(Array.from({ length: options.servers }, () => startServer(0))),
    options.apiServer ? startServer(0) : Promise.resolve(null),
  ]);
  if (!token.startsWith("hrld_")) throw new Error(`npm run token printed no token: "${token}"`);
  const url = (child: NodeChild) => `http://127.0.0.1:${child.port}`;
  const all = () => [...servers, ...(api ? [api] : []), ...workers];

  return {
    kind: "herald",
    serverUrls: servers.map(url),
    apiUrl: url(api ?? servers[0]!),
    token,
    processes: () => [
      ...servers.map((s) => ({ role: "server" as const, pid: s.pid })),
      ...(api ? [{ role: "server" as const, pid: api.pid }] : []),
      ...workers.map((w) => ({ role: "worker" as const, pid: w.pid })),
    ],
    async restartServer(index) {
      const old = servers[index]!;
      const droppedAt = nowMs();
      await old.stop("SIGKILL");
      servers[index] = await startServer(old.port);
      return { droppedAt, readyAt: nowMs() };
    },
    async close() {
      // SIGTERM: Herald drains and closes cleanly (and writes its CPU profile, if asked).
      await Promise.all(all().map((p) => p.stop("SIGTERM")));
      await dropKeys();
      unregister();
    },
  };
}
