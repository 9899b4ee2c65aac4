// `npm run cluster`: the production topology as plain processes on one machine, for a machine
// without Docker: Redis (append-only file), two servers behind a WebSocket-capable load
// balancer on PORT, two workers. Ctrl-C (or SIGTERM) stops everything gracefully.
// `--redis-cluster` (`npm run cluster --redis-cluster`, or after `--`): a private Redis Cluster
// of 3 primaries and 3 replicas instead of the single Redis, unless REDIS_URL or
// REDIS_CLUSTER_NODES is set.
import { loadConfigOrExit } from "../platform/config.js";
import { createLogger } from "../platform/logger.js";
import { redactUrl } from "../platform/redact-url.js";
import { freePort, RedisServerMissingError } from "./lib/private-redis.js";
import { startPrivateRedisCluster, type PrivateRedisCluster } from "./lib/private-redis-cluster.js";
import { environmentWithRedis, mintDevToken } from "./lib/local-setup.js";
import { startTcpBalancer, type Backend } from "./cluster/tcp-balancer.js";
import { supervise } from "./cluster/supervisor.js";

const SERVERS = 2;
const WORKERS = 2;

/**
 * A private Redis Cluster when asked for: `npm run cluster --redis-cluster` reaches us as
 * npm_config_redis_cluster (npm keeps flags before `--` for itself), `-- --redis-cluster` as
 * an argument. A Redis named in the environment wins.
 */
async function environmentWithRedisCluster(): Promise<{
  env: NodeJS.ProcessEnv;
  redisCluster: PrivateRedisCluster;
}> {
  const env = { ...process.env };
  try {
    const redisCluster = await startPrivateRedisCluster({ appendOnly: true });
    env.REDIS_CLUSTER_NODES = redisCluster.seeds;
    delete env.REDIS_URL;
    return { env, redisCluster };
  } catch (err) {
    process.stderr.write(`herald: ${err instanceof RedisServerMissingError ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
const wantsRedisCluster =
  process.argv.slice(2).includes("--redis-cluster") || process.env.npm_config_redis_cluster === "true";
const redisNamed = Boolean(process.env.REDIS_URL || process.env.REDIS_CLUSTER_NODES);
if (wantsRedisCluster && redisNamed)
  process.stderr.write("herald: --redis-cluster ignored: REDIS_URL or REDIS_CLUSTER_NODES is set\n");
const { env, privateRedis, redisCluster } =
  wantsRedisCluster && !redisNamed
    ? { ...(await environmentWithRedisCluster()), privateRedis: null }
    : { ...(await environmentWithRedis()), redisCluster: null };
// Like npm start: with no HOST, the load balancer serves this machine only.
env.HOST ||= "127.0.0.1";
const config = loadConfigOrExit(env);
const logger = createLogger({ level: config.LOG_LEVEL, name: "herald-cluster" });

// Servers listen on ports the kernel just handed out as free, so nothing else holds them.
const backends: Backend[] = [];
for (let i = 0; i < SERVERS; i++) backends.push({ port: await freePort(), ready: false });
const processes = [
  ...backends.map((backend, i) =>
    supervise(`server-${i + 1}`, "server/main", { ...env, HOST: "127.0.0.1", PORT: String(backend.port) }),
  ),
  ...Array.from({ length: WORKERS }, (_, i) =>
    supervise(`worker-${i + 1}`, "workers/main", {
      ...env,
      WORKER_METRICS_PORT: config.WORKER_METRICS_PORT === 0 ? "0" : String(config.WORKER_METRICS_PORT + i),
    }),
  ),
];
const balancer = startTcpBalancer({
  port: config.PORT,
  host: config.HOST,
  backends,
  onReadyChange: ({ port, ready }) =>
    process.stdout.write(
      `load balancer: server on ${port} ${ready ? "in rotation" : "out of rotation (/readyz failed)"}\n`,
    ),
});

const dev = await mintDevToken(config, logger);

const host = config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST;
process.stdout.write(
  [
    "",
    `Herald cluster: load balancer on http://${host}:${config.PORT} → servers on ${backends.map((b) => b.port).join(", ")}`,
    `  ${WORKERS} workers (metrics on ${Array.from({ length: WORKERS }, (_, i) => config.WORKER_METRICS_PORT + i).join(", ")}), ${redisCluster ? `Redis Cluster at ${redisCluster.seeds}` : `Redis at ${redactUrl(config.REDIS_URL)}`}`,
    `Development operator token (writes every article, manages webhooks; until ${dev.expiresAt} or until the cluster stops):`,
    dev.token,
    "",
  ].join("\n"),
);

let stopping = false;
const stop = async () => {
  if (stopping) process.exit(1);
  stopping = true;
  await dev.revoke().catch(() => undefined); // it expires anyway
  await Promise.all(processes.map((p) => p.stop()));
  await balancer.close();
  await privateRedis?.stop();
  await redisCluster?.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
