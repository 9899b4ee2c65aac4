import { childPids } from "./child-registry.js";
import { sleep } from "./clock.js";
import type { BenchOptions } from "./options.js";
import type { Progress } from "./progress.js";
import type { Role } from "./proc-stats.js";
import type { BenchCluster } from "./redis-cluster.js";
import { startCeiling } from "./stacks/ceiling-stack.js";
import { startHerald, type HeraldOptions } from "./stacks/herald-stack.js";
import type { BenchStack, StackKind, StackOptions } from "./stacks/stack.js";

/** What every scenario gets from the run. */
export interface BenchContext {
  options: BenchOptions;
  redisUrl: string;
  /** A Redis on this machine, measured like the stacks' processes; null when remote. */
  redisPid: number | null;
  logDir: string;
  cpuProfDir?: string;
  progress: Progress;
  /**
   * Set while a scenario runs on the bench's Redis Cluster (`--redis cluster|both`): Herald
   * uses it instead of redisUrl, and its six nodes are measured as "redis".
   */
  cluster?: ClusterRun;
}

/** One run on the cluster: which, and with what REDIS_WAIT_REPLICAS. */
export interface ClusterRun {
  nodes: BenchCluster;
  waitReplicas: number;
  /** What the rows' step gets after " · ", and their `redis`: "cluster" or "cluster, WAIT 1". */
  label: string;
}

/** A pause that lets the system settle; a tenth of it in a smoke run, which measures nothing. */
export function settle(ctx: BenchContext, ms: number): Promise<void> {
  return sleep(ctx.options.smoke ? ms / 10 : ms);
}

/** Fresh processes for each scenario: CPU, peak memory and profiles then belong to it alone. */
export function startStack(
  ctx: BenchContext,
  kind: StackKind,
  herald: Partial<Pick<HeraldOptions, "servers" | "apiServer">> = {},
): Promise<BenchStack> {
  const base: StackOptions = {
    redisUrl: ctx.redisUrl,
    logDir: ctx.logDir,
    ...(ctx.cpuProfDir ? { cpuProfDir: ctx.cpuProfDir } : {}),
  };
  if (kind === "ceiling") return startCeiling(base);
  const cluster = ctx.cluster;
  return startHerald({
    ...base,
    servers: herald.servers ?? 1,
    apiServer: herald.apiServer ?? false,
    workers: ctx.options.workers,
    env: cluster?.waitReplicas
      ? { ...ctx.options.heraldEnv, REDIS_WAIT_REPLICAS: String(cluster.waitReplicas) }
      : ctx.options.heraldEnv,
    ...(cluster ? { redisCluster: cluster.nodes.seeds } : {}),
  });
}

/** The Redis processes Herald uses in this run: the cluster's six nodes, or the local single Redis. */
function redisProcesses(ctx: BenchContext): { role: "redis"; pid: number }[] {
  const pids = ctx.cluster
    ? [...ctx.cluster.nodes.primaries, ...ctx.cluster.nodes.replicas].map((node) => node.pid)
    : ctx.redisPid
      ? [ctx.redisPid]
      : [];
  return pids.map((pid) => ({ role: "redis", pid }));
}

export function measuredProcesses(
  ctx: BenchContext,
  stack: BenchStack,
  readerPids: number[],
): { role: Role; pid: number }[] {
  const mine = [
    ...stack.processes(),
    ...readerPids.map((pid) => ({ role: "readers" as const, pid })),
    ...redisProcesses(ctx),
    { role: "bench" as const, pid: process.pid },
  ];
  const measured = new Set(mine.map((p) => p.pid));
  return [
    ...mine,
    ...childPids().flatMap((pid) => (measured.has(pid) ? [] : [{ role: "idle" as const, pid }])),
  ];
}
