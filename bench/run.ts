// `npm run bench`: Herald end to end under a breaking-news crowd, against a plain Socket.IO
// ceiling measured in the same run. docs/benchmarks.md explains every flag and figure.
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { cleanUpEverything, installExitHandlers } from "./child-registry.js";
import type { BenchContext, ClusterRun } from "./context.js";
import { describeMachine } from "./machine.js";
import { CLUSTER_SCENARIOS, UsageError, parseOptions, usage, type ScenarioName } from "./options.js";
import type { PhaseResult } from "./phase.js";
import { Progress } from "./progress.js";
import { startBenchCluster } from "./redis-cluster.js";
import { compare } from "./report/compare.js";
import { writeResults } from "./report/results-file.js";
import { renderTable } from "./report/table.js";
import { checkTargets } from "./report/targets.js";
import { ROOT } from "./stacks/spawn-node.js";
import { blogsScenario } from "./scenarios/blogs.js";
import { breakingScenario } from "./scenarios/breaking.js";
import { burstScenario } from "./scenarios/burst.js";
import { hopScenario } from "./scenarios/hop.js";
import { publishScenario } from "./scenarios/publish.js";
import { scaleScenario } from "./scenarios/scale.js";
import { fallbackScenario } from "./scenarios/fallback.js";
import { pageloadScenario } from "./scenarios/pageload.js";
import { startupScenario } from "./scenarios/startup.js";
import { stormScenario } from "./scenarios/storm.js";

const SCENARIOS: Record<ScenarioName, (ctx: BenchContext) => Promise<PhaseResult[]>> = {
  startup: startupScenario,
  hop: hopScenario,
  breaking: breakingScenario,
  blogs: blogsScenario,
  burst: burstScenario,
  publish: publishScenario,
  storm: stormScenario,
  scale: scaleScenario,
  fallback: fallbackScenario,
  pageload: pageloadScenario,
};

installExitHandlers();
let options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  process.stderr.write(`bench: ${err.message}\n\n${usage()}`);
  process.exit(2);
}
if (!options) {
  process.stdout.write(usage());
  process.exit(0);
}

const startedAt = new Date();
const runId = startedAt.toISOString().replace(/[:.]/g, "-");
const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const out = resolve(ROOT, options.out);
const progress = new Progress();
const { info: machine, redisPid } = await describeMachine(redisUrl);
const limit = machine.openFilesLimit;
if (options.socketsPerProcess > limit - 100)
  progress.line(
    `bench: --sockets-per-process ${options.socketsPerProcess} is close to ulimit -n ${limit}; readers may fail`,
  );
const logDir = mkdtempSync(join(tmpdir(), "herald-bench-"));
const cpuProfDir = options.cpuProf ? join(out, "profiles", runId) : undefined;
if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true });
const ctx: BenchContext = {
  options,
  redisUrl,
  redisPid,
  logDir,
  progress,
  ...(cpuProfDir ? { cpuProfDir } : {}),
};

const singleRedis = `Redis ${machine.redis} at ${redisUrl}`;
const clusterRedis = "a private Redis Cluster per scenario (3 primaries, 3 replicas)";
progress.line(
  `Herald bench ${runId}: ${machine.nproc} × ${machine.cpuModel}, Node ${machine.node}, ` +
    `${{ single: singleRedis, cluster: clusterRedis, both: `${singleRedis}, then ${clusterRedis}` }[options.redis]}, ulimit -n ${limit}`,
);
/**
 * A scenario on a fresh private Redis Cluster, once per --wait-replicas value, Herald only (the
 * ceiling has no Redis: its same-run figures are the single-Redis run's). Its rows' step says
 * which, e.g. "1000 articles × 10 · cluster, WAIT 1". The cluster, and the keys, go at the end.
 */
async function onCluster(name: ScenarioName): Promise<PhaseResult[]> {
  if (!CLUSTER_SCENARIOS.includes(name)) {
    progress.line(`  ${name}: single Redis only, not run on the cluster`);
    return [];
  }
  const nodes = await startBenchCluster();
  try {
    progress.line(
      `  Redis Cluster ${nodes.version}: primaries ${nodes.primaries.map((p) => p.port).join(", ")}, ` +
        `replicas ${nodes.replicas.map((r) => r.port).join(", ")}`,
    );
    const out: PhaseResult[] = [];
    for (const waitReplicas of ctx.options.waitReplicas) {
      const label = waitReplicas ? `cluster, WAIT ${waitReplicas}` : "cluster";
      const cluster: ClusterRun = { nodes, waitReplicas, label };
      const stacks = ctx.options.stacks.filter((kind) => kind === "herald");
      progress.line(`  ${name} · ${label}`);
      const rows = await SCENARIOS[name]({ ...ctx, cluster, options: { ...ctx.options, stacks } });
      out.push(...rows.map((p) => ({ ...p, step: `${p.step} · ${label}`, redis: label })));
    }
    return out;
  } finally {
    await nodes.stop();
  }
}

const phases: PhaseResult[] = [];
try {
  for (const name of options.scenarios) {
    const began = Date.now();
    progress.line(`▶ ${name}`);
    if (options.redis !== "cluster") phases.push(...(await SCENARIOS[name](ctx)));
    if (options.redis !== "single") phases.push(...(await onCluster(name)));
    progress.line(`  ${name} done in ${Math.round((Date.now() - began) / 1000)} s`);
  }
} catch (err) {
  progress.line(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  progress.line(`process logs kept in ${logDir}`);
  await cleanUpEverything();
  process.exit(1);
}

const comparisons = compare(phases);
// A smoke run is too small to say anything about the targets.
const targets = options.smoke ? [] : checkTargets(phases, comparisons);
progress.line("");
process.stdout.write(`${renderTable(phases, comparisons, targets)}\n\n`);
const written = writeResults(
  {
    runId,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim(),
    machine,
    options,
    phases,
    comparisons,
    targets,
  },
  out,
  options.chart ? resolve(ROOT, options.chart) : null,
);
process.stdout.write(`Written: ${written.join(", ")}${cpuProfDir ? `\nCPU profiles: ${cpuProfDir}` : ""}\n`);
if (options.keepLogs) process.stdout.write(`Process logs: ${logDir}\n`);
else rmSync(logDir, { recursive: true, force: true });
await cleanUpEverything();
process.exit(0);
