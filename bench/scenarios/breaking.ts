import { startStack, type BenchContext } from "../context.js";
import { runPhase, type PhaseResult } from "../phase.js";
import { postPaced } from "../post-patterns.js";
import { connectReaders, readersFor, settledRssMb, takeTurns, warmUp, withRigs, type Rig } from "./setup.js";

const ARTICLE = "bench-breaking";

/**
 * Breaking news: one article, an entry every 200 ms, and the crowd growing in steps. Both
 * stacks stay up with their crowds and take turns at each step.
 */
export async function breakingScenario(ctx: BenchContext): Promise<PhaseResult[]> {
  const o = ctx.options.breaking;
  const results: PhaseResult[] = [];
  await withRigs(
    ctx,
    (kind) => startStack(ctx, kind),
    async (rigs) => {
      const baselineMb = new Map<Rig, number>();
      for (const rig of rigs) {
        await rig.editor.createArticle(ARTICLE, "Bench: breaking news");
        baselineMb.set(rig, await settledRssMb(ctx, rig.stack));
      }
      let first = true;
      for (const readers of [...o.readers].sort((a, b) => a - b)) {
        const extra = new Map<Rig, Record<string, number>>();
        for (const rig of rigs) {
          const label = `breaking · ${rig.stack.kind} · ${readers} readers`;
          const more = readers - rig.pool.size;
          const { connectMs, failed } =
            more > 0
              ? await connectReaders(ctx, rig, readersFor(rig.stack, [ARTICLE], more), label)
              : { connectMs: 0, failed: 0 };
          if (first) await warmUp(ctx, rig, [ARTICLE]);
          const memPerConnKb =
            (((await settledRssMb(ctx, rig.stack)) - baselineMb.get(rig)!) * 1024) / readers;
          extra.set(rig, { connectMs, connectFailed: failed, memPerConnKb });
        }
        first = false;
        const step = await takeTurns(ctx, rigs, (rig, repeat) => {
          ctx.progress.status(
            `breaking · ${rig.stack.kind} · ${readers} readers (${repeat + 1}/${ctx.options.repeats}): ` +
              `${o.entries} entries every ${o.intervalMs} ms`,
          );
          return runPhase(ctx, {
            scenario: "breaking",
            step: `${readers} readers`,
            stack: rig.stack,
            pool: rig.pool,
            heads: rig.heads,
            articles: 1,
            post: () =>
              postPaced(rig.editor, {
                count: o.entries,
                intervalMs: o.intervalMs,
                articleFor: () => ARTICLE,
              }),
            extra: { ...extra.get(rig) },
          });
        });
        for (const result of step)
          ctx.progress.line(
            `  breaking · ${result.stack} · ${readers} readers: p50 ${result.e2e.p50.toFixed(1)} ms, ` +
              `p99 ${result.e2e.p99.toFixed(1)} ms, ${Math.round(result.deliveriesPerSec)} deliveries/s, ` +
              `other load ${Math.round(result.cpu.other)}%`,
          );
        results.push(...step);
      }
    },
  );
  return results;
}
