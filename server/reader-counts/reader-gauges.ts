import { Gauge } from "prom-client";
import type { Registry } from "../../platform/metrics.js";

/** Articles given their own `herald_article_readers` series: label cardinality stays bounded. */
export const TOP_ARTICLES = 20;

/**
 * This process's readers, read at scrape time: the total, and per article for its 20 most-read
 * articles only. Each process reports its own readers, as Prometheus expects of a target:
 * `sum(herald_readers_now)` is every reader, `sum by (article) (herald_article_readers)` an
 * article's (exact for an article in every process's top 20).
 */
export function registerReaderGauges(registry: Registry, localCounts: () => Map<string, number>): void {
  new Gauge({
    name: "herald_readers_now",
    help: "Readers on this server: sockets subscribed to an article, one per article they follow",
    registers: [registry],
    collect() {
      let total = 0;
      for (const count of localCounts().values()) total += count;
      this.set(total);
    },
  });
  new Gauge({
    name: "herald_article_readers",
    help: `Readers on this server of each of its ${TOP_ARTICLES} most-read articles`,
    labelNames: ["article"] as const,
    registers: [registry],
    collect() {
      // Articles that left the top 20 (or lost every reader) lose their series.
      this.reset();
      const top = [...localCounts()].sort(([, a], [, b]) => b - a).slice(0, TOP_ARTICLES);
      for (const [article, count] of top) this.set({ article }, count);
    },
  });
}
