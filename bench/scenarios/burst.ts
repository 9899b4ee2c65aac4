import type { BenchContext } from "../context.js";
import type { PhaseResult } from "../phase.js";
import { postBurst } from "../post-patterns.js";
import { oneArticleScenario } from "./one-article.js";

/**
 * Burst: entries posted to one article as fast as the API answers them, to a room of
 * readers. The fan-out cannot keep up, so deliveries per second here is the stack's
 * throughput, and the latency shows how the backlog drains. Herald sends what comes within
 * `BATCH_WINDOW_MS` as one `updates` frame per reader; the ceiling, plain Socket.IO, writes
 * each entry to each socket.
 */
export function burstScenario(ctx: BenchContext): Promise<PhaseResult[]> {
  const o = ctx.options.burst;
  return oneArticleScenario(ctx, {
    scenario: "burst",
    title: "Bench: burst",
    readers: o.readers,
    doing: `posting ${o.entries} entries`,
    post: (rig, articleId) =>
      postBurst(rig.editor, { count: o.entries, concurrency: o.concurrency, articleFor: () => articleId }),
  });
}
