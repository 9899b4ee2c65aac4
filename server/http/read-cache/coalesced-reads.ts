import { Counter, type Registry } from "prom-client";
import { readArticle } from "../../../article-log/read.js";
import type { Config } from "../../../platform/config.js";
import { singleFlight } from "../../../platform/single-flight.js";
import type { Article } from "../../../protocol/index.js";
import type { AppDeps } from "../app-deps.js";

/** Which read a coalesced call was: the head (the article's meta) or a representation's body. */
export type ReadKind = "head" | "article" | "entries" | "updates" | "embed" | "atom" | "rss" | "corrections";

/**
 * Reads of one process that share a Redis read when identical ones are in flight together
 * (platform/single-flight.ts): a page-load storm of N readers costs one head read and one body
 * read per moment, not N of each. Not a cache: nothing outlives its read.
 */
export interface CoalescedReads {
  /** The article's meta hash (its head: epoch and seq, and whether it is private). */
  article: (articleId: string) => Promise<Article | null>;
  /** `work` once for every caller with the same `key` while it runs. */
  run: <T>(kind: ReadKind, key: string, work: () => Promise<T>) => Promise<T>;
}

const METRIC = "herald_read_coalesced_total";

function coalescedCounter(registry: Registry | undefined): Counter<"read"> | null {
  if (!registry) return null;
  const existing = registry.getSingleMetric(METRIC);
  if (existing) return existing as Counter<"read">;
  return new Counter({
    name: METRIC,
    help: "Public reads that joined an identical Redis read already in flight in this process, by read (head, article, entries, updates, embed, atom, rss, corrections)",
    labelNames: ["read"] as const,
    registers: [registry],
  });
}

type Deps = Pick<AppDeps, "redis" | "metricsRegistry"> & {
  config: Pick<Config, "KEY_PREFIX" | "READ_COALESCING">;
};

function createCoalescedReads(deps: Deps): CoalescedReads {
  const counter = coalescedCounter(deps.metricsRegistry);
  const readHead = (articleId: string) => readArticle(deps.redis, deps.config.KEY_PREFIX, articleId);
  if (deps.config.READ_COALESCING === "off") {
    return { article: readHead, run: (_kind, _key, work) => work() };
  }
  // One flight table for every kind: keys carry the kind, and values are whatever each read returns.
  const flights = singleFlight<string, unknown>();
  function run<T>(kind: ReadKind, key: string, work: () => Promise<T>): Promise<T> {
    const joinedBefore = flights.joined;
    const answer = flights.run(`${kind}\n${key}`, work) as Promise<T>;
    if (flights.joined > joinedBefore) counter?.inc({ read: kind });
    return answer;
  }
  return { article: (articleId) => run("head", articleId, () => readHead(articleId)), run };
}

// One per Redis client, i.e. per app: the four read routes and the mount's head read share it.
const perRedis = new WeakMap<object, CoalescedReads>();

export function coalescedReadsOf(deps: Deps): CoalescedReads {
  let reads = perRedis.get(deps.redis);
  if (!reads) {
    reads = createCoalescedReads(deps);
    perRedis.set(deps.redis, reads);
  }
  return reads;
}
