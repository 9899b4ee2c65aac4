import { nowMs, sleep } from "../clock.js";
import { settle, startStack, type BenchContext } from "../context.js";
import type { PostResult } from "../editor.js";
import { runPhase, type PhaseResult } from "../phase.js";
import { postContinuously } from "../post-patterns.js";
import type { CatchUpReport } from "../readers/messages.js";
import { concatSamples, summarize } from "../stats.js";
import { readMetric } from "../herald-metrics.js";
import { connectReaders, forEachStack, readersFor, settledRssMb, warmUp, type Rig } from "./setup.js";

const ARTICLE = "bench-storm";
const RECONNECT_TIMEOUT_MS = 90_000;

/** p50, p99 and max of one of the readers' come-back times, and how many never came back. */
function figures(name: string, parts: Float64Array[]): Record<string, number> {
  const all = concatSamples(parts);
  const back = all.filter((t) => !Number.isNaN(t));
  const s = summarize(back);
  return {
    [`${name}P50`]: s.p50,
    [`${name}P99`]: s.p99,
    [`${name}Max`]: s.max,
    [`${name}Missing`]: all.length - back.length,
  };
}

async function waitUntilResubscribed(ctx: BenchContext, rig: Rig, readers: number): Promise<void> {
  const deadline = nowMs() + RECONNECT_TIMEOUT_MS;
  for (;;) {
    const { subscribed } = await rig.pool.status();
    ctx.progress.status(`storm · ${rig.stack.kind}: ${subscribed}/${readers} readers back and subscribed`);
    if (subscribed >= readers || nowMs() > deadline) return;
    await sleep(100);
  }
}

/**
 * Reconnect storm, once per reader count (`--storm-readers 5000,10000`): every reader of a
 * server drops in the same instant (the server is killed and started again on its port)
 * while the editor keeps posting through another server. Readers come back with the SDK's
 * reconnect policy (client-sdk/reconnect-policy.ts, the ceiling's readers too), subscribe
 * with since/epoch and catch up from the log. Before the storm, with the readers connected
 * and idle, the server's memory per connection is read. The ceiling has no log: it is
 * measured for the reconnect and resubscribe alone, with nothing posted during the outage.
 */
export async function stormScenario(ctx: BenchContext): Promise<PhaseResult[]> {
  const results: PhaseResult[] = [];
  for (const readers of ctx.options.storm.readers) results.push(...(await storm(ctx, readers)));
  return results;
}

async function storm(ctx: BenchContext, readers: number): Promise<PhaseResult[]> {
  const o = { readers, intervalMs: ctx.options.storm.intervalMs };
  const results: PhaseResult[] = [];
  await forEachStack(
    ctx,
    (kind) => startStack(ctx, kind, { apiServer: true }),
    async (rig) => {
      const label = `storm · ${rig.stack.kind}`;
      const herald = rig.stack.kind === "herald";
      await rig.editor.createArticle(ARTICLE, "Bench: reconnect storm");
      const baselineMb = await settledRssMb(ctx, rig.stack);
      await connectReaders(ctx, rig, readersFor(rig.stack, [ARTICLE], o.readers), label, {
        keepArrivals: true,
      });
      ctx.progress.status(`${label}: ${o.readers} idle readers, waiting for the server's memory to settle`);
      await settle(ctx, 2_000);
      const idleMb = await settledRssMb(ctx, rig.stack);
      // The ceiling loses its articles on restart, and its seqs with them: nothing to warm up or post.
      if (herald) await warmUp(ctx, rig, [ARTICLE]);

      let times = { droppedAt: 0, readyAt: 0 };
      let caughtUpTarget = 0;
      let outageEntries = 0;
      const phase = await runPhase(ctx, {
        scenario: "storm",
        step: `${o.readers} readers`,
        stack: rig.stack,
        pool: rig.pool,
        heads: rig.heads,
        articles: 1,
        post: async (): Promise<PostResult[]> => {
          const headBefore = rig.heads.get(ARTICLE);
          const poster = herald
            ? postContinuously(rig.editor, { intervalMs: o.intervalMs, articleFor: () => ARTICLE })
            : null;
          await settle(ctx, 2_000);
          ctx.progress.status(`${label}: restarting the readers' server`);
          times = await rig.stack.restartServer(0);
          // What readers must catch up: every entry posted before the server was back.
          const before = (poster?.results ?? []).filter((p) => p.status === 202 && p.sentAt < times.readyAt);
          caughtUpTarget = headBefore + before.length;
          outageEntries = before.filter((p) => p.sentAt >= times.droppedAt).length;
          await waitUntilResubscribed(ctx, rig, o.readers);
          await settle(ctx, 2_000); // live again: a few more entries must arrive as usual
          return (await poster?.stop()) ?? [];
        },
      });
      const reports: CatchUpReport[] = await rig.pool.catchUp(
        times.droppedAt,
        herald ? { [ARTICLE]: caughtUpTarget } : {},
        ctx.options.drainTimeoutMs,
      );
      // The restarted server counts from zero: these are the storm's subscribes.
      const url = rig.stack.serverUrls[0]!;
      const subscribes = herald ? await readMetric(url, "herald_subscribes_total") : NaN;
      const coalesced = herald ? await readMetric(url, "herald_subscribe_coalesced_total") : NaN;
      phase.extra = {
        ...phase.extra,
        subscribesAnswered: subscribes,
        subscribesCoalesced: coalesced,
        baselineRssMb: baselineMb,
        idleRssMb: idleMb,
        memPerIdleConnKb: ((idleMb - baselineMb) * 1024) / o.readers,
        restartMs: times.readyAt - times.droppedAt,
        ...figures(
          "reconnectedMs",
          reports.map((r) => r.reconnected),
        ),
        ...figures(
          "resubscribedMs",
          reports.map((r) => r.resubscribed),
        ),
        ...(herald
          ? figures(
              "caughtUpMs",
              reports.map((r) => r.caughtUp),
            )
          : {}),
        outageEntries,
      };
      results.push(phase);
      ctx.progress.line(
        `  ${label}: back in ${Math.round(phase.extra.resubscribedMsMax ?? NaN)} ms` +
          (herald
            ? `, all caught up ${Math.round(phase.extra.caughtUpMsMax ?? NaN)} ms after the drop;` +
              ` ${subscribes} subscribes answered, ${coalesced} of them from a shared log read`
            : ""),
      );
    },
  );
  return results;
}
