import type { BenchContext } from "../context.js";
import type { PhaseResult } from "../phase.js";
import { postPaced } from "../post-patterns.js";
import { oneArticleScenario } from "./one-article.js";

/**
 * Hop overhead: a handful of readers, entries one at a time. Nothing is loaded, so what
 * Herald adds to the ceiling is the cost of its hops (express, queue, worker, Redis pub/sub),
 * split per hop from the servers' own timestamps.
 */
export function hopScenario(ctx: BenchContext): Promise<PhaseResult[]> {
  const o = ctx.options.hop;
  return oneArticleScenario(ctx, {
    scenario: "hop",
    title: "Bench: hop overhead",
    readers: o.readers,
    doing: `posting ${o.entries} entries`,
    hops: true,
    post: (rig, articleId) =>
      postPaced(rig.editor, { count: o.entries, intervalMs: o.intervalMs, articleFor: () => articleId }),
  });
}
