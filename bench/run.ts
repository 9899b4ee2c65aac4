// `npm run bench`: Herald end to end under a breaking-news crowd, against a plain Socket.IO
// ceiling measured in the same run. docs/benchmarks.md explains every flag and figure.
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { cleanUpEverything, installExitHandlers } from "./child-registry.js";
import type { BenchContext } from "./context.js";
import { describeMachine } from "./machine.js";
import { UsageError, parseOptions, usage, type ScenarioName } from "./options.js";
import type { PhaseResult } from "./phase.js";
import { Progress } from "./progress.js";
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

progress.line(
  `Herald bench ${runId}: ${machine.nproc} × ${machine.cpuModel}, Node ${machine.node}, Redis ${machine.redis} at ${redisUrl}, ulimit -n ${limit}`,
);
const phases: PhaseResult[] = [];
try {
  for (const name of options.scenarios) {
    const began = Date.now();
    progress.line(`▶ ${name}`);
    phases.push(...(await SCENARIOS[name](ctx)));
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
