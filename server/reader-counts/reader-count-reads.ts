import type { Config } from "../../platform/config.js";
import type { RedisClient } from "../../platform/redis.js";
import { singleFlight } from "../../platform/single-flight.js";
import type { ArticleReaders } from "../../protocol/index.js";
import { readReaderCount } from "./reader-count-store.js";

export interface ReaderCountReadsDeps {
  redis: RedisClient;
  config: Pick<Config, "KEY_PREFIX" | "READER_COUNT_INTERVAL_MS">;
}

/**
 * The `readers` of an article's view: the sum over live server processes, read with one
 * `HGETALL` of a hash of a few fields, shared by every request for the article in flight
 * together in this process. `at` is when the newest share in the sum was written (with no
 * share, the read's time), rounded down to the count interval: processes write at moments of
 * their own, and answers within one interval then stay the same bytes (and share an ETag)
 * while the count holds.
 */
export function createReaderCountReads(
  deps: ReaderCountReadsDeps,
): (articleId: string) => Promise<ArticleReaders> {
  const flights = singleFlight<string, ArticleReaders>();
  const interval = deps.config.READER_COUNT_INTERVAL_MS;
  return (articleId) =>
    flights.run(articleId, async () => {
      const now = Date.now();
      const count = await readReaderCount(deps.redis, deps.config.KEY_PREFIX, articleId, now);
      const at = count.writtenAt ?? now;
      return { now: count.now, at: new Date(at - (at % interval)).toISOString() };
    });
}
