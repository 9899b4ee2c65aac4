import type { BenchContext } from "../context.js";
import { runPhase, type PhaseResult } from "../phase.js";
import { postPaced } from "../post-patterns.js";
import { ReaderPool } from "../readers/reader-pool.js";
import { startHerald } from "../stacks/herald-stack.js";
import { connectReaders, readersFor, warmUp, withRig } from "./setup.js";

const MODES = ["socket", "polling"] as const;

/**
 * Readers on polling against readers on sockets, one article, entries at an interval: what a
 * reader behind a WebSocket-blocking proxy (or refused by a full server) waits, and what it
 * costs the server. Both groups use the same Herald stack in turns (each alone on it), so the
 * rows differ only in the transport; there is no ceiling to compare with. The pollers are
 * the real client SDK (`fallback: "always"`), polling every `--fallback-poll-s` seconds.
 */
export async function fallbackScenario(ctx: BenchContext): Promise<PhaseResult[]> {
  const o = ctx.options.fallback;
  const articleId = "bench-fallback";
  const results: PhaseResult[] = [];
  await withRig(
    ctx,
    "starting herald",
    () =>
      startHerald({
        redisUrl: ctx.redisUrl,
        logDir: ctx.logDir,
        ...(ctx.cpuProfDir ? { cpuProfDir: ctx.cpuProfDir } : {}),
        servers: 1,
        apiServer: false,
        workers: ctx.options.workers,
        env: { ...ctx.options.heraldEnv, POLL_INTERVAL_S: String(o.pollIntervalS) },
      }),
    async (rig) => {
      await rig.editor.createArticle(articleId, "Bench: polling fallback");
      for (const mode of MODES) {
        // A pool of its own per mode: the other group's readers are gone while this one is measured.
        const pool = new ReaderPool(ctx.options.socketsPerProcess);
        const modeRig = { ...rig, pool };
        try {
          const label = `fallback · ${mode}`;
          const targets = readersFor(rig.stack, [articleId], o.readers).map((t) => ({ ...t, mode }));
          await connectReaders(ctx, modeRig, targets, label);
          await warmUp(ctx, modeRig, [articleId]);
          ctx.progress.status(`${label}: posting ${o.entries} entries every ${o.intervalMs} ms`);
          const result = await runPhase(ctx, {
            scenario: "fallback",
            step: `${o.readers} readers · ${mode}`,
            stack: rig.stack,
            pool,
            heads: rig.heads,
            articles: 1,
            post: () =>
              postPaced(rig.editor, {
                count: o.entries,
                intervalMs: o.intervalMs,
                articleFor: () => articleId,
              }),
          });
          const server = result.usage.processes.filter((p) => p.role === "server");
          const cpuSeconds = server.reduce((sum, p) => sum + p.cpuSeconds, 0);
          const minutes = result.usage.wallMs / 60_000;
          results.push({
            ...result,
            extra: {
              ...result.extra,
              // The server's CPU time per reader per minute of following the article, ms.
              serverCpuMsPerReaderMinute: (cpuSeconds * 1000) / o.readers / minutes,
              pollIntervalS: mode === "polling" ? o.pollIntervalS : 0,
            },
          });
        } finally {
          await pool.close();
        }
      }
    },
  );
  return results;
}
