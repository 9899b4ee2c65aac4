import { startStack, type BenchContext } from "../context.js";
import { runPhase, type PhaseResult } from "../phase.js";
import { postBurst } from "../post-patterns.js";
import { connectReaders, readersFor, warmUp, withRig } from "./setup.js";

const ARTICLE = "bench-scale";

/**
 * Scale-out: the burst workload on one Herald server process, then on two (readers split
 * between them, as a load balancer would), to see what a second process adds. Herald only:
 * the ceiling is one process by definition.
 */
export async function scaleScenario(ctx: BenchContext): Promise<PhaseResult[]> {
  const o = ctx.options.scale;
  const results: PhaseResult[] = [];
  if (!ctx.options.stacks.includes("herald")) return results;
  for (const servers of [1, 2]) {
    await withRig(
      ctx,
      `scale · starting herald with ${servers} server(s)`,
      () => startStack(ctx, "herald", { servers }),
      async (rig) => {
        await rig.editor.createArticle(ARTICLE, "Bench: scale-out");
        await connectReaders(
          ctx,
          rig,
          readersFor(rig.stack, [ARTICLE], o.readers),
          `scale · ${servers} server(s)`,
        );
        await warmUp(ctx, rig, [ARTICLE]);
        results.push(
          await runPhase(ctx, {
            scenario: "scale",
            step: `${servers} server${servers > 1 ? "s" : ""}`,
            stack: rig.stack,
            pool: rig.pool,
            heads: rig.heads,
            articles: 1,
            post: () =>
              postBurst(rig.editor, {
                count: o.entries,
                concurrency: ctx.options.burst.concurrency,
                articleFor: () => ARTICLE,
              }),
            extra: { servers },
          }),
        );
      },
    );
  }
  return results;
}
