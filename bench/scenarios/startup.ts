import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "../../bin/lib/private-redis.js";
import { trackChild } from "../child-registry.js";
import { nowMs, sleep } from "../clock.js";
import type { BenchContext } from "../context.js";
import { phaseWithoutReaders, type PhaseResult } from "../phase.js";
import { cpuSecondsOf, startSampler, type Role } from "../proc-stats.js";
import { EMPTY_SUMMARY, summarize } from "../stats.js";
import { COMPILED_ENTRY, ensureCompiled } from "../stacks/compiled-herald.js";
import { EXIT_WITH_PARENT, ROOT } from "../stacks/spawn-node.js";

const READY_TIMEOUT_MS = 60_000;

/** How each form is started: what production runs, and what it ran before #12 (tsx). */
const FORMS = {
  compiled: [COMPILED_ENTRY.server],
  source: ["--import", "tsx", "server/main.ts"],
} as const;
type Form = keyof typeof FORMS;

interface Spawned {
  /** Spawn → the first `GET /readyz` answered 200. */
  readyMs: number;
  /** The server's CPU time (user + system) by then: less disturbed by other load than wall time. */
  cpuMs: number;
}

/** Spawns one server, polls /readyz every 5 ms, and stops it once it answers 200. */
async function timeToReady(
  ctx: BenchContext,
  form: Form,
  prefix: string,
  serial: number,
  onSpawn: (pid: number) => void,
): Promise<Spawned> {
  const port = await freePort();
  const logFile = join(ctx.logDir, `startup-${form}-${serial}.log`);
  const fd = openSync(logFile, "a");
  const started = nowMs();
  const child = spawn(process.execPath, ["--import", EXIT_WITH_PARENT, ...FORMS[form]], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      REDIS_URL: ctx.redisUrl,
      KEY_PREFIX: prefix,
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  trackChild(child);
  onSpawn(child.pid ?? 0);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  try {
    for (;;) {
      if (gone) throw new Error(`startup: the ${form} server exited before it was ready (log: ${logFile})`);
      if (nowMs() - started > READY_TIMEOUT_MS)
        throw new Error(`startup: the ${form} server not ready (log: ${logFile})`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (res) => res.ok,
        () => false,
      );
      if (ok) break;
      await sleep(5);
    }
    const readyMs = nowMs() - started;
    return { readyMs, cpuMs: (cpuSecondsOf(child.pid ?? 0) ?? NaN) * 1000 };
  } finally {
    child.kill("SIGKILL");
    await exited;
  }
}

/**
 * Start-up: how long a server process takes from spawn to answering `GET /readyz` 200, on an
 * idle machine (nothing else of the bench runs), as the median of a few spawns. Compiled
 * (`node dist/server/main.js`, what production runs) and, for reference, from source through
 * tsx (what it ran before), taking turns so both see the same machine. A server that is ready
 * sooner shortens every restart, deploy and crash recovery (the storm).
 */
export async function startupScenario(ctx: BenchContext): Promise<PhaseResult[]> {
  if (!ctx.options.stacks.includes("herald")) return [];
  const built = await ensureCompiled();
  if (built.built) ctx.progress.line(`  built dist/ in ${(built.ms / 1000).toFixed(1)} s`);
  const prefix = `bench-startup-${process.pid}:`;
  const times: Record<Form, Spawned[]> = { compiled: [], source: [] };
  const spawns = ctx.options.startup.spawns;
  // "idle" is checked, not assumed: the machine's CPU spent on anything else is reported.
  let serverPid = 0;
  const measured = (): { role: Role; pid: number }[] => [
    { role: "bench", pid: process.pid },
    ...(serverPid ? [{ role: "server" as const, pid: serverPid }] : []),
  ];
  const sampler = startSampler(measured, 50);
  for (let i = 0; i < spawns; i++)
    for (const form of ["compiled", "source"] as const) {
      ctx.progress.status(`startup: ${form} server, spawn ${i + 1} of ${spawns}`);
      times[form].push(await timeToReady(ctx, form, prefix, i, (pid) => (serverPid = pid)));
    }
  const usage = sampler.stop();
  const p50 = (form: Form, pick: (s: Spawned) => number) => summarize(times[form].map(pick)).p50;
  const compiled = summarize(times.compiled.map((t) => t.readyMs));
  const extra = {
    spawns,
    readyMsP50: compiled.p50,
    readyMsMin: Math.min(...times.compiled.map((t) => t.readyMs)),
    readyMsMax: compiled.max,
    readyCpuMsP50: p50("compiled", (t) => t.cpuMs),
    sourceReadyMsP50: p50("source", (t) => t.readyMs),
    sourceReadyCpuMsP50: p50("source", (t) => t.cpuMs),
  };
  ctx.progress.line(
    `  ready ${Math.round(extra.readyMsP50)} ms compiled (CPU ${Math.round(extra.readyCpuMsP50)} ms), ` +
      `${Math.round(extra.sourceReadyMsP50)} ms from source (CPU ${Math.round(extra.sourceReadyCpuMsP50)} ms)`,
  );
  return [
    phaseWithoutReaders({
      scenario: "startup",
      step: "idle server",
      readers: 0,
      articles: 0,
      entries: 0,
      rejected: 0,
      api: EMPTY_SUMMARY,
      usage,
      extra,
    }),
  ];
}
