/**
 * Coalesces identical work in flight: while a call for a key runs, every further call for the
 * same key shares its promise instead of starting its own. Nothing is cached: once the call
 * settles, the next one starts afresh, so an answer is never older than the call it joined.
 *
 * @example
 * ```ts
 * const reads = singleFlight<string, Page>();
 * const page = await reads.run(`${articleId}:${since}`, () => readPage(articleId, since));
 * ```
 */
export interface SingleFlight<K, V> {
  run(key: K, work: () => Promise<V>): Promise<V>;
  /** Calls that joined one already in flight, since start: what coalescing saved. */
  readonly joined: number;
  /** Calls in flight now. */
  readonly inFlight: number;
}

export function singleFlight<K, V>(): SingleFlight<K, V> {
  const running = new Map<K, Promise<V>>();
  let joined = 0;
  return {
    run(key, work) {
      const current = running.get(key);
      if (current) {
        joined++;
        return current;
      }
      const started = work().finally(() => running.delete(key));
      running.set(key, started);
      return started;
    },
    get joined() {
      return joined;
    },
    get inFlight() {
      return running.size;
    },
  };
}
