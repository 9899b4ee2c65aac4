import { measuredProcesses, type BenchContext } from "./context.js";
import { readMetric } from "./herald-metrics.js";
import type { PostResult } from "./editor.js";
import { roleUsage, startSampler, type PhaseUsage } from "./proc-stats.js";
import { clusterCpu } from "./redis-cluster.js";
import type { ReaderPool } from "./readers/reader-pool.js";
import type { PhaseCounts } from "./readers/messages.js";
import type { BenchStack, StackKind } from "./stacks/stack.js";
import { EMPTY_SUMMARY, concatSamples, summarize, type Summary } from "./stats.js";

/** The counts a phase reports as the reader processes added them up (messages.ts says what each means). */
type Counted =
  "liveEvents" | "duplicates" | "overlaps" | "lost" | "gapFills" | "resets" | "behind" | "payloadBytes";

/** Everything measured in one phase of one scenario on one stack: a row of the results. */
export interface PhaseResult extends Pick<PhaseCounts, Counted> {
  scenario: string;
  /** What varies within the scenario, e.g. "5000 readers". */
  step: string;
  stack: StackKind;
  /** Set on rows measured on the bench's Redis Cluster: "cluster", or "cluster, WAIT 1". */
  redis?: string;
  readers: number;
  articles: number;
  /** Entries the API accepted (202). */
  entries: number;
  /** Posts answered with anything but 202, or not at all. */
  rejected: number;
  /** POST sent → the update can be shown by the reader, ms. */
  e2e: Summary;
  /** POST sent → its 202 received, ms. */
  api: Summary;
  deliveries: number;
  /** Deliveries / (last update applied − first POST sent). */
  deliveriesPerSec: number;
  /** % of one core. `other`: the machine's CPU used by anything but the bench and its processes. */
  cpu: {
    server: number;
    worker: number;
    readers: number;
    redis: number;
    bench: number;
    machine: number;
    other: number;
  };
  peakRssMb: { server: number; worker: number };
  usage: PhaseUsage;
  /** Per-hop split (wall clock, 1 ms resolution; means are meaningful, single samples not). */
  hops?: { sentToApi: Summary; apiToApply: Summary; applyToReader: Summary };
  /** With --repeats: every repeat's headline figures; the row shows the one kept. */
  repeats?: { p50: number; p99: number; deliveriesPerSec: number; otherCpu: number; kept: boolean }[];
  /** Scenario-specific figures (memory per connection, queue depth, catch-up times...). */
  extra: Record<string, number>;
}

/** Each article's head seq as the bench knows it: every accepted post adds one. */
export class ArticleHeads {
  readonly #heads = new Map<string, number>();

  accept(posts: PostResult[]): void {
    for (const post of posts)
      if (post.status === 202) this.#heads.set(post.articleId, (this.#heads.get(post.articleId) ?? 0) + 1);
  }

  get(articleId: string): number {
    return this.#heads.get(articleId) ?? 0;
  }

  all(): Record<string, number> {
    return Object.fromEntries(this.#heads);
  }
}

function combine(parts: PhaseCounts[]) {
  const sum = (pick: (c: PhaseCounts) => number) => parts.reduce((n, c) => n + pick(c), 0);
  const hopParts = parts.flatMap((c) => (c.hops ? [c.hops] : []));
  return {
    latency: summarize(concatSamples(parts.map((c) => c.latency))),
    hops: hopParts.length
      ? {
          sentToApi: summarize(concatSamples(hopParts.map((h) => h.sentToApi))),
          apiToApply: summarize(concatSamples(hopParts.map((h) => h.apiToApply))),
          applyToReader: summarize(concatSamples(hopParts.map((h) => h.applyToReader))),
        }
      : undefined,
    readers: sum((c) => c.readers),
    delivered: sum((c) => c.delivered),
    liveEvents: sum((c) => c.liveEvents),
    duplicates: sum((c) => c.duplicates),
    overlaps: sum((c) => c.overlaps),
    lost: sum((c) => c.lost),
    gapFills: sum((c) => c.gapFills),
    resets: sum((c) => c.resets),
    behind: sum((c) => c.behind),
    lastApplyAt: Math.max(0, ...parts.map((c) => c.lastApplyAt)),
    payloadBytes: Math.max(0, ...parts.map((c) => c.payloadBytes)),
  };
}

const PUBSUB_RECEIVED = "herald_pubsub_messages_received_total";

/** A counter of each readers' server, in order; NaN where a server did not answer. */
function perServer(stack: BenchStack, name: string): Promise<number[]> {
  return stack.kind === "herald"
    ? Promise.all(stack.serverUrls.map((url) => readMetric(url, name)))
    : Promise.resolve([]);
}

/**
 * Pub/sub messages each readers' server received from Redis over the phase: on a single Redis
 * every server gets every update; on a cluster only those of rooms it has readers in. A server
 * restarted in the phase counts from its start.
 */
function pubsubPerServer(before: number[], after: number[]): Record<string, number> {
  const received = after.map((n, i) => (n >= (before[i] ?? 0) ? n - (before[i] ?? 0) : n));
  if (received.length === 0) return {};
  return {
    pubsubPerServer: received.reduce((a, b) => a + b, 0) / received.length,
    ...(received.length >= 2
      ? { pubsubPerServerMin: Math.min(...received), pubsubPerServerMax: Math.max(...received) }
      : {}),
  };
}

export interface PhaseSpec {
  scenario: string;
  step: string;
  stack: BenchStack;
  pool: ReaderPool;
  heads: ArticleHeads;
  articles: number;
  /** Posts the phase's entries; resolves with every post's result. */
  post: () => Promise<PostResult[]>;
  hops?: boolean;
  extra?: Record<string, number>;
}

/**
 * One measured phase: readers start counting, the entries are posted, then the bench waits
 * until every reader holds every accepted entry (or the drain timeout), while the stack's
 * processes are sampled for CPU and memory.
 */
export async function runPhase(ctx: BenchContext, spec: PhaseSpec): Promise<PhaseResult> {
  const { stack, pool } = spec;
  const repairs = () =>
    stack.kind === "herald"
      ? Promise.all(stack.serverUrls.map((url) => readMetric(url, "herald_fanout_repairs_total"))).then((n) =>
          n.reduce((a, b) => a + (Number.isNaN(b) ? 0 : b), 0),
        )
      : Promise.resolve(0);
  const repairsBefore = await repairs();
  const pubsubBefore = await perServer(stack, PUBSUB_RECEIVED);
  await pool.phaseStart(spec.hops ?? false);
  const sampler = startSampler(() => measuredProcesses(ctx, stack, pool.pids()));
  const posts = await spec.post();
  spec.heads.accept(posts);
  const accepted = posts.filter((p) => p.status === 202);
  ctx.progress.status(
    `${spec.scenario} · ${stack.kind} · ${spec.step}: ${accepted.length} posted, waiting for readers`,
  );
  const { latency, hops, readers, delivered, lastApplyAt, ...counted } = combine(
    await pool.phaseEnd(spec.heads.all(), ctx.options.drainTimeoutMs),
  );
  const usage = sampler.stop();
  // Updates a Herald server re-sent from the log to a whole room, thinking pub/sub lost them.
  const fanoutRepairs = Math.max(0, (await repairs()) - repairsBefore);
  const pubsub = pubsubPerServer(pubsubBefore, await perServer(stack, PUBSUB_RECEIVED));
  const firstSent = Math.min(...posts.map((p) => p.sentAt));
  const spanMs = lastApplyAt - firstSent;
  return {
    scenario: spec.scenario,
    step: spec.step,
    stack: stack.kind,
    readers,
    articles: spec.articles,
    entries: accepted.length,
    rejected: posts.length - accepted.length,
    e2e: latency,
    api: accepted.length ? summarize(accepted.map((p) => p.acceptMs)) : EMPTY_SUMMARY,
    deliveries: delivered,
    deliveriesPerSec: spanMs > 0 ? delivered / (spanMs / 1000) : 0,
    ...counted,
    cpu: {
      server: roleUsage(usage, "server").cpuPercent,
      worker: roleUsage(usage, "worker").cpuPercent,
      readers: roleUsage(usage, "readers").cpuPercent,
      redis: roleUsage(usage, "redis").cpuPercent,
      bench: roleUsage(usage, "bench").cpuPercent,
      machine: usage.machineBusyPercent,
      other: usage.otherPercent,
    },
    peakRssMb: { server: roleUsage(usage, "server").peakRssMb, worker: roleUsage(usage, "worker").peakRssMb },
    usage,
    ...(hops ? { hops } : {}),
    extra: {
      ...spec.extra,
      ...(stack.kind === "herald" ? { fanoutRepairs, ...pubsub } : {}),
      ...(ctx.cluster ? clusterCpu(ctx.cluster.nodes, usage) : {}),
    },
  };
}

/**
 * A phase without reader processes (HTTP-only or start-up scenarios): nothing was delivered,
 * so the readers' counts are zero, and the CPU figures come from the sampled usage.
 */
export function phaseWithoutReaders(
  fields: Pick<
    PhaseResult,
    "scenario" | "step" | "readers" | "articles" | "entries" | "rejected" | "api" | "usage" | "extra"
  >,
): PhaseResult {
  const { usage } = fields;
  const role = (name: Parameters<typeof roleUsage>[1]) => roleUsage(usage, name);
  return {
    ...fields,
    stack: "herald",
    e2e: EMPTY_SUMMARY,
    deliveries: 0,
    deliveriesPerSec: 0,
    liveEvents: 0,
    duplicates: 0,
    overlaps: 0,
    lost: 0,
    gapFills: 0,
    resets: 0,
    behind: 0,
    payloadBytes: 0,
    cpu: {
      server: role("server").cpuPercent,
      worker: role("worker").cpuPercent,
      readers: 0,
      redis: role("redis").cpuPercent,
      bench: role("bench").cpuPercent,
      machine: usage.machineBusyPercent,
      other: usage.otherPercent,
    },
    peakRssMb: { server: role("server").peakRssMb, worker: role("worker").peakRssMb },
  };
}
