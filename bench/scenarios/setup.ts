import type { BenchContext } from "../context.js";
import { createEditor, type Editor } from "../editor.js";
import { nowMs, sleep } from "../clock.js";
import { memoryOf } from "../proc-stats.js";
import { ArticleHeads, runPhase, type PhaseResult } from "../phase.js";
import { postPaced } from "../post-patterns.js";
import { ReaderPool } from "../readers/reader-pool.js";
import type { ReaderTarget } from "../readers/messages.js";
import type { BenchStack } from "../stacks/stack.js";

/** A stack under test with its readers, editor and the heads of its articles. */
export interface Rig {
  stack: BenchStack;
  pool: ReaderPool;
  editor: Editor;
  heads: ArticleHeads;
}

function openRig(ctx: BenchContext, stack: BenchStack): Rig {
  return {
    stack,
    pool: new ReaderPool(ctx.options.socketsPerProcess),
    editor: createEditor(stack.apiUrl, stack.token),
    heads: new ArticleHeads(),
  };
}

async function closeRig(rig: Rig | undefined): Promise<void> {
  if (!rig) return;
  rig.editor.close();
  await rig.pool.close();
  await rig.stack.close();
}

/** `perArticle` readers for each article, spread round-robin over the stack's servers. */
export function readersFor(stack: BenchStack, articleIds: string[], perArticle: number): ReaderTarget[] {
  const targets: ReaderTarget[] = [];
  for (let r = 0; r < perArticle; r++)
    for (const articleId of articleIds)
      targets.push({ url: stack.serverUrls[targets.length % stack.serverUrls.length]!, articleId });
  return targets;
}

/** Connects and subscribes readers, showing progress; returns how long it took. */
export async function connectReaders(
  ctx: BenchContext,
  rig: Rig,
  targets: ReaderTarget[],
  label: string,
  options: { keepArrivals?: boolean } = {},
): Promise<{ connectMs: number; failed: number }> {
  const started = nowMs();
  ctx.progress.status(`${label}: connecting ${targets.length} readers`);
  const result = await rig.pool.add(targets, {
    ...options,
    onProgress: (n) => ctx.progress.status(`${label}: ${n}/${targets.length} readers subscribed`),
  });
  if (result.failed > 0)
    ctx.progress.line(`  ! ${label}: ${result.failed} readers not subscribed (${result.firstError ?? "?"})`);
  return { connectMs: nowMs() - started, failed: result.failed };
}

/** A few entries nobody measures: connections, JIT and Redis scripts are warm before the phase. */
export async function warmUp(ctx: BenchContext, rig: Rig, articleIds: string[]): Promise<void> {
  await runPhase(ctx, {
    scenario: "warm-up",
    step: "",
    stack: rig.stack,
    pool: rig.pool,
    heads: rig.heads,
    articles: articleIds.length,
    post: () =>
      postPaced(rig.editor, {
        count: Math.min(20, Math.max(5, articleIds.length)),
        intervalMs: 20,
        articleFor: (i) => articleIds[i % articleIds.length]!,
      }),
  });
}

/** Resident memory of the stack's first server, MB. */
export function serverRssMb(stack: BenchStack): number {
  const server = stack.processes().find((p) => p.role === "server");
  return server ? (memoryOf(server.pid)?.rssMb ?? NaN) : NaN;
}

/**
 * The first server's resident memory once it stopped moving: read every 500 ms until two
 * readings in a row differ by under 1 % (or `maxMs`). What a connection costs at rest, not
 * the garbage of the handshakes that made it.
 */
export async function settledRssMb(ctx: BenchContext, stack: BenchStack, maxMs = 10_000): Promise<number> {
  let last = serverRssMb(stack);
  const deadline = nowMs() + (ctx.options.smoke ? maxMs / 10 : maxMs);
  while (nowMs() < deadline) {
    await sleep(ctx.options.smoke ? 50 : 500);
    const now = serverRssMb(stack);
    if (Math.abs(now - last) < last * 0.01) return now;
    last = now;
  }
  return last;
}

/**
 * Starts every stack asked for (one after the other, so their start-ups do not compete),
 * runs `body` with all of them up, and always cleans up.
 */
export async function withRigs(
  ctx: BenchContext,
  start: (kind: BenchStack["kind"]) => Promise<BenchStack>,
  body: (rigs: Rig[]) => Promise<void>,
): Promise<void> {
  const rigs: Rig[] = [];
  try {
    for (const kind of ctx.options.stacks) {
      ctx.progress.status(`starting ${kind}`);
      rigs.push(openRig(ctx, await start(kind)));
    }
    await body(rigs);
  } finally {
    for (const rig of rigs) await closeRig(rig);
  }
}

/**
 * Measures each stack `--repeats` times, taking turns in ABBA order (so a drift in the
 * machine's load touches both alike), and keeps for each stack the repeat during which the
 * rest of the machine (other users of this shared box) took the least CPU. Every repeat's
 * headline figures stay in the result, under `repeats`.
 */
export async function takeTurns(
  ctx: BenchContext,
  rigs: Rig[],
  measure: (rig: Rig, repeat: number) => Promise<PhaseResult>,
): Promise<PhaseResult[]> {
  const runs = new Map<Rig, PhaseResult[]>(rigs.map((rig) => [rig, []]));
  for (let repeat = 0; repeat < ctx.options.repeats; repeat++) {
    const order = repeat % 2 === 0 ? rigs : [...rigs].reverse();
    for (const rig of order) runs.get(rig)!.push(await measure(rig, repeat));
  }
  return rigs.map((rig) => {
    const all = runs.get(rig)!;
    const kept = all.reduce((best, r) => (r.cpu.other < best.cpu.other ? r : best));
    return {
      ...kept,
      repeats: all.map((r) => ({
        p50: r.e2e.p50,
        p99: r.e2e.p99,
        deliveriesPerSec: r.deliveriesPerSec,
        otherCpu: r.cpu.other,
        kept: r === kept,
      })),
    };
  });
}

/** Starts one stack, runs `body` with it alone on the machine, and always cleans up. */
export async function withRig(
  ctx: BenchContext,
  starting: string,
  start: () => Promise<BenchStack>,
  body: (rig: Rig) => Promise<void>,
): Promise<void> {
  ctx.progress.status(starting);
  let rig: Rig | undefined;
  try {
    rig = openRig(ctx, await start());
    await body(rig);
  } finally {
    await closeRig(rig);
  }
}

/** Runs `body` once per stack asked for, each alone on the machine, always cleaning up. */
export async function forEachStack(
  ctx: BenchContext,
  start: (kind: BenchStack["kind"]) => Promise<BenchStack>,
  body: (rig: Rig) => Promise<void>,
): Promise<void> {
  for (const kind of ctx.options.stacks) await withRig(ctx, `starting ${kind}`, () => start(kind), body);
}
