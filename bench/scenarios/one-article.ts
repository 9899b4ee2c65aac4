import { startStack, type BenchContext } from "../context.js";
import type { PostResult } from "../editor.js";
import { runPhase, type PhaseResult } from "../phase.js";
import { connectReaders, readersFor, takeTurns, warmUp, withRigs, type Rig } from "./setup.js";

export interface OneArticleSpec {
  scenario: string;
  title: string;
  readers: number;
  /** What the progress line says is being done, e.g. "posting 200 entries". */
  doing: string;
  /** Split the latency per hop from the servers' timestamps. */
  hops?: boolean;
  post: (rig: Rig, articleId: string) => Promise<PostResult[]>;
}

/**
 * One article, a room of readers on each stack, and a posting pattern measured on both in
 * turns: the shape of the hop and burst scenarios.
 */
export async function oneArticleScenario(ctx: BenchContext, spec: OneArticleSpec): Promise<PhaseResult[]> {
  const articleId = `bench-${spec.scenario}`;
  let results: PhaseResult[] = [];
  await withRigs(
    ctx,
    (kind) => startStack(ctx, kind),
    async (rigs) => {
      for (const rig of rigs) {
        await rig.editor.createArticle(articleId, spec.title);
        const label = `${spec.scenario} · ${rig.stack.kind}`;
        await connectReaders(ctx, rig, readersFor(rig.stack, [articleId], spec.readers), label);
        await warmUp(ctx, rig, [articleId]);
      }
      results = await takeTurns(ctx, rigs, (rig, repeat) => {
        ctx.progress.status(
          `${spec.scenario} · ${rig.stack.kind} (${repeat + 1}/${ctx.options.repeats}): ${spec.doing}`,
        );
        return runPhase(ctx, {
          scenario: spec.scenario,
          step: `${spec.readers} readers`,
          stack: rig.stack,
          pool: rig.pool,
          heads: rig.heads,
          articles: 1,
          ...(spec.hops ? { hops: true } : {}),
          post: () => spec.post(rig, articleId),
        });
      });
    },
  );
  return results;
}
