import { startStack, type BenchContext } from "../context.js";
import { createArticles } from "../editor.js";
import { runPhase, type PhaseResult } from "../phase.js";
import { openLoopRates, postOpenLoop } from "../post-patterns.js";
import { watchQueue } from "../herald-metrics.js";
import { cpuSecondsOf } from "../proc-stats.js";
import { connectReaders, readersFor, takeTurns, warmUp, withRigs, type Rig } from "./setup.js";

/**
 * Publish: the write path under load. Entries are offered to the API at a fixed rate across
 * many articles whatever its answers take (an open loop, as many editors would), with one
 * reader per article to check each arrives. Herald's queue depth is watched through
 * `/metrics`: it must not grow. With several rates (`--publish-rate 500,700,900`), one step
 * each, lowest first: the highest whose queue stays flat is what one server and the workers
 * take. `serverCpuMsPerPost` is the server processes' CPU time over the posting, per accepted
 * entry (its 202 and the delivery to its one reader): CPU time, not wall time, holds steady
 * on a shared machine.
 */
export async function publishScenario(ctx: BenchContext): Promise<PhaseResult[]> {
  const o = ctx.options.publish;
  const articleIds = Array.from({ length: o.articles }, (_, i) => `bench-desk-${i + 1}`);
  let results: PhaseResult[] = [];
  await withRigs(
    ctx,
    // Several servers: on a cluster each gets only its own readers' articles' updates.
    (kind) => startStack(ctx, kind, { servers: ctx.options.servers }),
    async (rigs) => {
      for (const rig of rigs) {
        await createArticles(rig.editor, articleIds, "Bench: newsroom desk");
        await connectReaders(ctx, rig, readersFor(rig.stack, articleIds, 1), `publish · ${rig.stack.kind}`);
        await warmUp(ctx, rig, articleIds);
      }
      for (const rate of [...o.rates].sort((a, b) => a - b)) {
        const step = await takeTurns(ctx, rigs, (rig, repeat) => {
          ctx.progress.status(
            `publish · ${rig.stack.kind} (${repeat + 1}/${ctx.options.repeats}): offering ${rate} entries/s for ${o.seconds} s`,
          );
          return measure(rig, rate);
        });
        results = [...results, ...step];
      }
    },
  );
  return results;

  async function measure(rig: Rig, rate: number): Promise<PhaseResult> {
    const extra: Record<string, number> = {};
    return runPhase(ctx, {
      scenario: "publish",
      step: `${rate}/s × ${o.articles} articles`,
      stack: rig.stack,
      pool: rig.pool,
      heads: rig.heads,
      articles: o.articles,
      extra,
      post: async () => {
        const queue = rig.stack.kind === "herald" ? watchQueue(rig.stack.apiUrl) : null;
        const servers = rig.stack.processes().filter((p) => p.role === "server");
        const serverCpu = () => servers.reduce((sum, p) => sum + (cpuSecondsOf(p.pid) ?? 0), 0);
        const cpuBefore = serverCpu();
        const run = await postOpenLoop(rig.editor, {
          rate,
          seconds: o.seconds,
          maxInFlight: 256,
          articleFor: (i) => articleIds[i % articleIds.length]!,
        });
        const cpuSeconds = serverCpu() - cpuBefore;
        const depth = queue?.stop() ?? [];
        const accepted = run.results.filter((p) => p.status === 202).length;
        Object.assign(extra, {
          ...openLoopRates(run.results, rate),
          skipped: run.skipped,
          rate,
          serverCpuMsPerPost: accepted ? (cpuSeconds * 1000) / accepted : NaN,
          ...(queue
            ? {
                queueWaitingMax: Math.max(0, ...depth),
                queueWaitingLast: depth.at(-1) ?? 0,
                queueSamples: depth.length,
              }
            : {}),
        });
        return run.results;
      },
    });
  }
}
