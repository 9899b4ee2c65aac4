import { parseArgs, type ParseArgsConfig } from "node:util";
import type { StackKind } from "./stacks/stack.js";

export const SCENARIOS = [
  "startup",
  "hop",
  "breaking",
  "blogs",
  "burst",
  "publish",
  "storm",
  "scale",
  "fallback",
  "pageload",
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/**
 * Scenarios that run on a single Redis only: pageload watches it with MONITOR; fallback and
 * startup start Herald with REDIS_URL themselves. Every other scenario reaches Redis only
 * through Herald's own processes, so it can run on the bench's Redis Cluster too.
 */
const SINGLE_REDIS_ONLY: readonly ScenarioName[] = ["startup", "fallback", "pageload"];
export const CLUSTER_SCENARIOS: readonly ScenarioName[] = SCENARIOS.filter(
  (name) => !SINGLE_REDIS_ONLY.includes(name),
);

/** The Redis Herald runs on: REDIS_URL's, the bench's private Redis Cluster, or each in turn. */
export type RedisMode = "single" | "cluster" | "both";

export interface BenchOptions {
  scenarios: ScenarioName[];
  stacks: StackKind[];
  socketsPerProcess: number;
  /** blogs and publish: Herald server processes their readers are spread over. */
  servers: number;
  workers: number;
  heraldEnv: Record<string, string>;
  redis: RedisMode;
  /** REDIS_WAIT_REPLICAS for Herald on the cluster: each cluster run is made once per value. */
  waitReplicas: number[];
  drainTimeoutMs: number;
  out: string;
  chart: string | null;
  cpuProf: boolean;
  keepLogs: boolean;
  repeats: number;
  /** A smoke run: tiny sizes, short pauses, no targets checked. */
  smoke: boolean;
  hop: { readers: number; entries: number; intervalMs: number };
  breaking: { readers: number[]; entries: number; intervalMs: number };
  blogs: { articles: number; readersPerArticle: number; rate: number; seconds: number };
  burst: { readers: number; entries: number; concurrency: number };
  /** `rates`: one step per rate, to find the highest the queue keeps up with. */
  publish: { articles: number; rates: number[]; seconds: number };
  storm: { readers: number[]; intervalMs: number };
  scale: { readers: number; entries: number };
  fallback: { readers: number; entries: number; intervalMs: number; pollIntervalS: number };
  pageload: { requests: number; concurrency: number; entries: number; postIntervalMs: number };
  startup: { spawns: number };
}

/** Every flag: name, default, and the line `--help` prints. docs/benchmarks.md repeats them. */
const FLAGS = {
  scenarios: [
    "startup,hop,breaking,blogs,burst,publish,storm,scale,fallback,pageload",
    "scenarios to run, comma-separated",
  ],
  stacks: ["herald,ceiling", "systems to measure: herald, ceiling (plain Socket.IO), or both"],
  "sockets-per-process": ["2500", "simulated readers per reader process (each holds one socket)"],
  servers: ["1", "blogs, publish: Herald server processes their readers are spread over, round-robin"],
  workers: ["1", "Herald worker processes"],
  "herald-env": ["", "extra Herald setting for servers and workers, KEY=VALUE (repeatable)"],
  redis: [
    "single",
    "single (REDIS_URL), cluster (a private 3-primary, 3-replica Redis Cluster per scenario, Herald only), or both in turn",
  ],
  "wait-replicas": [
    "0",
    "on the cluster: REDIS_WAIT_REPLICAS for Herald (0 or 1); a comma list (0,1) runs each cluster scenario per value",
  ],
  "drain-timeout-ms": [
    "30000",
    "how long to wait, after the last post, for every reader to have every update",
  ],
  out: ["bench/results", "where the run's JSON and SVG chart go"],
  chart: ["docs/benchmarks-latency.svg", "where to copy the latest latency chart; 'none' to skip"],
  repeats: ["2", "measure each comparison this often, taking turns; the quietest repeat is kept"],
  "keep-logs": ["false", "keep the servers' and workers' logs (printed at the end); kept anyway on failure"],
  "cpu-prof": ["false", "run servers and workers with --cpu-prof; profiles go to <out>/profiles"],
  smoke: ["false", "a few readers for a few seconds: checks the bench works, measures nothing"],
  "hop-readers": ["10", "hop: readers of the one article"],
  "hop-entries": ["100", "hop: entries posted"],
  "hop-interval-ms": ["50", "hop: time between entries"],
  "breaking-readers": ["1000,5000,10000", "breaking: reader counts, in steps on one article"],
  "breaking-entries": ["25", "breaking: entries posted at each step"],
  "breaking-interval-ms": ["200", "breaking: time between entries"],
  "blogs-articles": ["1000", "blogs: live articles"],
  "blogs-readers": ["10", "blogs: readers per article"],
  "blogs-rate": ["100", "blogs: entries per second, spread over the articles"],
  "blogs-seconds": ["10", "blogs: how long to post"],
  "burst-readers": ["1000", "burst: readers of the one article"],
  "burst-entries": ["200", "burst: entries posted as fast as the API answers"],
  "burst-concurrency": ["10", "burst: posts in flight at once (enough that posting is not the limit)"],
  "publish-articles": ["100", "publish: articles posted to"],
  "publish-rate": [
    "500",
    "publish: entries per second offered to the API; a comma list (500,700,900) runs a step per rate",
  ],
  "publish-seconds": ["10", "publish: how long to post"],
  "storm-readers": [
    "5000,10000",
    "storm: reader counts, one storm each (dropped at once by a server restart)",
  ],
  "storm-interval-ms": ["200", "storm: time between entries, posted throughout"],
  "scale-readers": ["2000", "scale: readers of the one article, on one then two servers"],
  "scale-entries": ["100", "scale: entries posted as fast as the API answers"],
  "fallback-readers": ["500", "fallback: readers of the one article, on sockets then polling"],
  "fallback-entries": ["30", "fallback: entries posted to each group"],
  "fallback-interval-ms": ["1000", "fallback: time between entries"],
  "fallback-poll-s": ["5", "fallback: POLL_INTERVAL_S, the seconds between a polling reader's polls"],
  "startup-spawns": ["5", "startup: server spawns timed, compiled and from source each (the median is kept)"],
  "pageload-requests": ["20000", "pageload: GETs of one article's entries, per step"],
  "pageload-concurrency": ["200", "pageload: GETs in flight at once"],
  "pageload-entries": ["20", "pageload: entries on the page"],
  "pageload-post-interval-ms": ["200", "pageload: time between entries posted while readers revalidate"],
  help: ["false", "print this and exit"],
} as const satisfies Record<string, readonly [string, string]>;

type Flag = keyof typeof FLAGS;

/** A few readers for a few seconds: what `npm test` runs so the bench cannot rot. */
const SMOKE: Partial<Record<Flag, string>> = {
  scenarios: "hop,breaking,publish,storm",
  "sockets-per-process": "50",
  repeats: "1",
  "drain-timeout-ms": "10000",
  "hop-readers": "3",
  "hop-entries": "5",
  "hop-interval-ms": "20",
  "breaking-readers": "4,8",
  "breaking-entries": "4",
  "breaking-interval-ms": "50",
  "blogs-articles": "3",
  "blogs-readers": "2",
  "blogs-rate": "20",
  "blogs-seconds": "1",
  "burst-readers": "4",
  "burst-entries": "10",
  "publish-articles": "4",
  "publish-rate": "40",
  "publish-seconds": "1",
  "storm-readers": "6",
  "storm-interval-ms": "50",
  "scale-readers": "4",
  "scale-entries": "10",
  // fallback is not in the smoke list (its pollers wait whole poll intervals); --smoke --scenarios fallback runs it with:
  "fallback-readers": "4",
  "fallback-entries": "3",
  "fallback-interval-ms": "100",
  "fallback-poll-s": "1",
  "pageload-requests": "200",
  "pageload-concurrency": "20",
  "pageload-entries": "3",
  "pageload-post-interval-ms": "50",
  // startup is not in the smoke list (its phase delivers nothing); --smoke --scenarios startup runs it with:
  "startup-spawns": "1",
};

export class UsageError extends Error {
  override name = "UsageError";
}

export function usage(): string {
  const lines = Object.entries(FLAGS).map(([flag, [value, help]]) => {
    const shown = value === "false" ? "" : ` (default ${value || "none"})`;
    return `  --${flag.padEnd(22)} ${help}${shown}`;
  });
  return `Usage: npm run bench -- [flags]\n\n${lines.join("\n")}\n`;
}

function int(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new UsageError(`--${flag}: "${text}" is not a whole number ≥ ${min}`);
  return value;
}

function list<T extends string>(flag: string, text: string, allowed: readonly T[]): T[] {
  const items = text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items)
    if (!allowed.includes(item as T))
      throw new UsageError(`--${flag}: "${item}" is not one of ${allowed.join(", ")}`);
  if (items.length === 0) throw new UsageError(`--${flag}: give at least one of ${allowed.join(", ")}`);
  return items as T[];
}

/** Parses the command line; throws UsageError with one clear line. `null`: --help was asked. */
export function parseOptions(argv: string[]): BenchOptions | null {
  const spec: NonNullable<ParseArgsConfig["options"]> = {};
  for (const [flag, [value]] of Object.entries(FLAGS))
    spec[flag] =
      value === "false"
        ? { type: "boolean" }
        : flag === "herald-env"
          ? { type: "string", multiple: true }
          : { type: "string" };
  let parsed: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    parsed = parseArgs({ args: argv, options: spec, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (parsed.help) return null;
  const preset = parsed.smoke ? SMOKE : {};
  const get = (flag: Flag): string => {
    const value = parsed[flag];
    return typeof value === "string" ? value : (preset[flag] ?? FLAGS[flag][0]);
  };
  const num = (flag: Flag, min = 1) => int(flag, get(flag), min);
  const heraldEnv: Record<string, string> = {};
  const envFlags = parsed["herald-env"];
  for (const pair of Array.isArray(envFlags) ? envFlags : []) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(String(pair));
    if (!match) throw new UsageError(`--herald-env: "${String(pair)}" is not KEY=VALUE`);
    heraldEnv[match[1]!] = match[2]!;
  }
  const chart = get("chart");
  const redisModes = list("redis", get("redis"), ["single", "cluster", "both"] as const);
  if (redisModes.length > 1) throw new UsageError("--redis: one of single, cluster, both");
  const redis = redisModes[0]!;
  const stacks = list("stacks", get("stacks"), ["herald", "ceiling"] as const);
  const waitReplicas = get("wait-replicas")
    .split(",")
    .map((n) => int("wait-replicas", n.trim(), 0));
  // The bench's cluster has one replica per primary: WAIT for two would only time out.
  if (waitReplicas.some((n) => n > 1))
    throw new UsageError("--wait-replicas: 0 or 1 (one replica per primary)");
  if (typeof parsed["wait-replicas"] === "string" && redis === "single")
    throw new UsageError("--wait-replicas: only with --redis cluster or both");
  if (redis === "cluster" && !stacks.includes("herald"))
    throw new UsageError("--redis cluster: only Herald runs on the cluster (the ceiling has no Redis)");
  return {
    scenarios: list("scenarios", get("scenarios"), SCENARIOS),
    stacks,
    socketsPerProcess: num("sockets-per-process"),
    servers: num("servers"),
    workers: num("workers"),
    heraldEnv,
    redis,
    waitReplicas: [...new Set(waitReplicas)],
    drainTimeoutMs: num("drain-timeout-ms"),
    out: get("out"),
    chart: chart === "none" ? null : chart,
    cpuProf: parsed["cpu-prof"] === true,
    keepLogs: parsed["keep-logs"] === true,
    repeats: num("repeats"),
    smoke: parsed.smoke === true,
    hop: { readers: num("hop-readers"), entries: num("hop-entries"), intervalMs: num("hop-interval-ms") },
    breaking: {
      readers: get("breaking-readers")
        .split(",")
        .map((n) => int("breaking-readers", n.trim(), 1)),
      entries: num("breaking-entries"),
      intervalMs: num("breaking-interval-ms"),
    },
    blogs: {
      articles: num("blogs-articles"),
      readersPerArticle: num("blogs-readers"),
      rate: num("blogs-rate"),
      seconds: num("blogs-seconds"),
    },
    burst: {
      readers: num("burst-readers"),
      entries: num("burst-entries"),
      concurrency: num("burst-concurrency"),
    },
    publish: {
      articles: num("publish-articles"),
      rates: get("publish-rate")
        .split(",")
        .map((n) => int("publish-rate", n.trim(), 1)),
      seconds: num("publish-seconds"),
    },
    storm: {
      readers: get("storm-readers")
        .split(",")
        .map((n) => int("storm-readers", n.trim(), 1)),
      intervalMs: num("storm-interval-ms"),
    },
    scale: { readers: num("scale-readers"), entries: num("scale-entries") },
    fallback: {
      readers: num("fallback-readers"),
      entries: num("fallback-entries"),
      intervalMs: num("fallback-interval-ms"),
      pollIntervalS: num("fallback-poll-s"),
    },
    pageload: {
      requests: num("pageload-requests"),
      concurrency: num("pageload-concurrency"),
      entries: num("pageload-entries"),
      postIntervalMs: num("pageload-post-interval-ms"),
    },
    startup: { spawns: num("startup-spawns") },
  };
}
