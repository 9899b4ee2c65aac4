import { Agent, request } from "node:http";
import { randomBytes } from "node:crypto";
import { nowMs, sleep } from "../clock.js";
import { measuredProcesses, startStack, type BenchContext } from "../context.js";
import { createEditor, type Editor } from "../editor.js";
import { readMetric } from "../herald-metrics.js";
import { phaseWithoutReaders, type PhaseResult } from "../phase.js";
import { cpuSecondsOf, startSampler } from "../proc-stats.js";
import type { BenchStack } from "../stacks/stack.js";
import { summarize } from "../stats.js";
import { monitorRedis } from "../../test/helpers/redis-monitor.js";

/**
 * Page loads: a story breaks and readers open the page at once. `requests` GETs of one
 * article's entries, `concurrency` in flight, against one server process, with coalescing on
 * and off (READ_COALESCING). Two steps each: plain GETs (a first visit), then GETs with
 * If-None-Match of the ETag the reader holds while an entry is posted every `postIntervalMs`
 * (a reader's browser revalidating). Redis commands are counted for real on a MONITOR
 * connection: those on the article's keys sent by the readers' server (posts go to another).
 */
export async function pageloadScenario(ctx: BenchContext): Promise<PhaseResult[]> {
  const results: PhaseResult[] = [];
  for (const coalescing of ["on", "off"] as const) {
    const withSetting = {
      ...ctx,
      options: { ...ctx.options, heraldEnv: { ...ctx.options.heraldEnv, READ_COALESCING: coalescing } },
    };
    const stack = await startStack(withSetting, "herald", { apiServer: true });
    const editor = createEditor(stack.apiUrl, stack.token);
    try {
      results.push(...(await measureStack(ctx, stack, editor, coalescing)));
    } finally {
      editor.close();
      await stack.close();
    }
  }
  return results;
}

interface Answer {
  status: number;
  etag: string | null;
  ms: number;
}

/** GETs over keep-alive connections, at most `concurrency` in flight, `total` in all. */
async function storm(
  url: string,
  total: number,
  concurrency: number,
  ifNoneMatch: () => string | null,
  onAnswer: (answer: Answer) => void = () => undefined,
): Promise<Answer[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const { hostname, port, pathname } = new URL(url);
  const answers: Answer[] = [];
  let started = 0;
  const one = () =>
    new Promise<Answer>((resolve) => {
      const t0 = nowMs();
      const tag = ifNoneMatch();
      const req = request(
        { agent, hostname, port, path: pathname, headers: tag ? { "if-none-match": tag } : {} },
        (res) => {
          res.resume();
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, etag: res.headers.etag ?? null, ms: nowMs() - t0 }),
          );
        },
      );
      req.on("error", () => resolve({ status: 0, etag: null, ms: nowMs() - t0 }));
      req.end();
    });
  const lane = async () => {
    while (started < total) {
      started++;
      const answer = await one();
      onAnswer(answer);
      answers.push(answer);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  agent.destroy();
  return answers;
}

/** Redis commands (not those a script runs inside) on keys containing `needle`, by sender. */
async function watchCommands(redisUrl: string, needle: string) {
  const monitor = await monitorRedis(redisUrl, needle);
  return {
    /** Counts since the last call, by the client address that sent them. */
    async take(): Promise<Map<string, number>> {
      await monitor.settle();
      const counts = new Map<string, number>();
      for (const { source } of monitor.take())
        if (source !== "lua") counts.set(source, (counts.get(source) ?? 0) + 1);
      return counts;
    },
    close: () => monitor.close(),
  };
}

async function measureStack(
  ctx: BenchContext,
  stack: BenchStack,
  editor: Editor,
  coalescing: "on" | "off",
): Promise<PhaseResult[]> {
  const o = ctx.options.pageload;
  const articleId = `bench-pageload-${randomBytes(4).toString("hex")}`;
  const serverUrl = stack.serverUrls[0]!;
  const url = `${serverUrl}/v1/articles/${articleId}/entries`;
  await editor.createArticle(articleId, "Bench: page-load storm");
  for (let i = 0; i < o.entries; i++) await editor.post(articleId);
  // Every entry applied: the page holds them all (the worker applies in the background).
  for (;;) {
    const seq = await fetch(`${serverUrl}/v1/articles/${articleId}`)
      .then((r) => r.json() as Promise<{ seq: number }>)
      .then((a) => a.seq);
    if (seq >= o.entries) break;
    await sleep(50);
  }
  const serverPid = stack.processes().find((p) => p.role === "server")!.pid;
  const commands = await watchCommands(ctx.redisUrl, `a:{${articleId}}`);
  try {
    // Warm-up, alone: the readers' server is the only sender on the article's keys now, so the
    // addresses seen are its connections (posts later go to the API server, applies to the worker).
    await storm(url, 50, 10, () => null);
    const readerSources = new Set((await commands.take()).keys());
    const readerCommands = async () =>
      [...(await commands.take())].reduce(
        (n, [source, count]) => n + (readerSources.has(source) ? count : 0),
        0,
      );

    const step = async (name: string, ifNoneMatch: boolean): Promise<PhaseResult> => {
      ctx.progress.status(
        `pageload · coalescing ${coalescing} · ${name}: ${o.requests} GETs, ${o.concurrency} at once`,
      );
      let etag: string | null = null;
      const first = await storm(url, 1, 1, () => null);
      etag = first[0]?.etag ?? null;
      let posting = ifNoneMatch;
      const poster = (async () => {
        let posted = 0;
        while (posting) {
          await sleep(o.postIntervalMs);
          if (posting && (await editor.post(articleId)).status === 202) posted++;
        }
        return posted;
      })();
      const joined0 = await readMetric(serverUrl, "herald_read_coalesced_total");
      await commands.take();
      const cpu0 = cpuSecondsOf(serverPid) ?? NaN;
      const sampler = startSampler(() => measuredProcesses(ctx, stack, []));
      const t0 = nowMs();
      // Readers keep the newest ETag they were sent, as a browser would.
      const answers = await storm(
        url,
        o.requests,
        o.concurrency,
        () => (ifNoneMatch ? etag : null),
        (a) => {
          if (a.status === 200 && a.etag) etag = a.etag;
        },
      );
      const seconds = (nowMs() - t0) / 1000;
      const usage = sampler.stop();
      const cpuSeconds = (cpuSecondsOf(serverPid) ?? NaN) - cpu0;
      posting = false;
      const posted = await poster;
      const redisCommands = await readerCommands();
      const joined = (await readMetric(serverUrl, "herald_read_coalesced_total")) - joined0;
      const ok = answers.filter((a) => a.status === 200 || a.status === 304);
      const notModified = answers.filter((a) => a.status === 304).length;
      return phaseWithoutReaders({
        scenario: "pageload",
        step: `${name}, coalescing ${coalescing}`,
        readers: o.concurrency,
        articles: 1,
        entries: posted,
        rejected: answers.length - ok.length,
        api: summarize(ok.map((a) => a.ms)),
        usage,
        extra: {
          requests: answers.length,
          requestsPerSec: answers.length / seconds,
          redisCommands,
          redisCommandsPerRequest: redisCommands / answers.length,
          coalescedReads: Number.isNaN(joined) ? 0 : joined,
          notModifiedShare: notModified / answers.length,
          serverCpuUsPerRequest: (cpuSeconds * 1e6) / answers.length,
          conditional: ifNoneMatch ? 1 : 0,
        },
      });
    };
    return [await step("first visits", false), await step("If-None-Match", true)];
  } finally {
    commands.close();
  }
}
