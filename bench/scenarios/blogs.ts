import { startStack, type BenchContext } from "../context.js";
import { createArticles } from "../editor.js";
import { runPhase, type PhaseResult } from "../phase.js";
import { openLoopRates, postOpenLoop } from "../post-patterns.js";
import { connectReaders, readersFor, takeTurns, warmUp, withRigs, type Rig } from "./setup.js";

/** A fixed shuffle, so consecutive entries go to different articles and every run is alike. */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  let seed = 42;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Many live blogs: many articles with a few readers each, entries spread over them. Costs
 * that are per broadcast rather than per socket (rooms, pub/sub messages, the worker) show.
 */
export async function blogsScenario(ctx: BenchContext): Promise<PhaseResult[]> {
  const o = ctx.options.blogs;
  const articleIds = Array.from({ length: o.articles }, (_, i) => `bench-blog-${i + 1}`);
  const order = shuffled(articleIds);
  let results: PhaseResult[] = [];
  const connected = new Map<Rig, Record<string, number>>();
  await withRigs(
    ctx,
    // Several servers: on a cluster each gets only its own readers' articles' updates.
    (kind) => startStack(ctx, kind, { servers: ctx.options.servers }),
    async (rigs) => {
      for (const rig of rigs) {
        const label = `blogs · ${rig.stack.kind}`;
        ctx.progress.status(`${label}: creating ${o.articles} articles`);
        await createArticles(rig.editor, articleIds, "Bench: live blog");
        const targets = readersFor(rig.stack, articleIds, o.readersPerArticle);
        const { connectMs, failed } = await connectReaders(ctx, rig, targets, label);
        connected.set(rig, { connectMs, connectFailed: failed });
        await warmUp(ctx, rig, order.slice(0, 20));
      }
      results = await takeTurns(ctx, rigs, (rig, repeat) => {
        ctx.progress.status(
          `blogs · ${rig.stack.kind} (${repeat + 1}/${ctx.options.repeats}): ${o.rate} entries/s for ${o.seconds} s`,
        );
        const extra: Record<string, number> = { ...connected.get(rig) };
        return runPhase(ctx, {
          scenario: "blogs",
          step: `${o.articles} articles × ${o.readersPerArticle}`,
          stack: rig.stack,
          pool: rig.pool,
          heads: rig.heads,
          articles: o.articles,
          post: async () => {
            const run = await postOpenLoop(rig.editor, {
              rate: o.rate,
              seconds: o.seconds,
              maxInFlight: 200,
              articleFor: (i) => order[i % order.length]!,
            });
            Object.assign(extra, { ...openLoopRates(run.results, o.rate), skipped: run.skipped });
            return run.results;
          },
          extra,
        });
      });
    },
  );
  return results;
}
