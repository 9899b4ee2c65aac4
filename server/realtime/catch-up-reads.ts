import { Counter, type Registry } from "prom-client";
import { singleFlight } from "../../platform/single-flight.js";

/**
 * Coalesces the log reads of subscribes in flight together in this process (Centrifugo PRO's
 * `use_singleflight`): after a crash thousands of readers resubscribe from the same seq
 * within a second, and they share one read instead of one each.
 *
 * A subscriber may only share a read that starts after it joined the article's room: an
 * update published between an earlier read and its join would be in neither the answer nor
 * its live feed. So a read is not sent at once: it waits for the subscribes already on their
 * way (one turn of the event loop, `setImmediate`), then closes to newcomers, which start the
 * next one. Nothing is cached: every answer is read after its subscriber joined.
 */
export interface CatchUpReads {
  /** Runs `read` for `key`, or shares the one for `key` that is gathering subscribers. */
  run<T>(key: string, read: () => Promise<T>): Promise<T>;
  /**
   * Shares a read that needs no such order (the article's meta a subscribe checks before it
   * joins, and checks again in its answer) with any identical one in flight.
   */
  shared<T>(key: string, read: () => Promise<T>): Promise<T>;
  /** Subscribes whose catch-up shared another's read (`run`), since start. */
  readonly coalesced: number;
}

export function createCatchUpReads(): CatchUpReads {
  const flights = singleFlight<string, unknown>();
  const plain = singleFlight<string, unknown>();
  /** The generation of each key's read that still takes subscribers. */
  const gathering = new Map<string, number>();
  let generation = 0;
  return {
    run<T>(key: string, read: () => Promise<T>): Promise<T> {
      let current = gathering.get(key);
      if (current === undefined) {
        current = ++generation;
        gathering.set(key, current);
      }
      const gen = current;
      // The flight's value is the T of the read started under this key and generation.
      return flights.run(`${key}\u0000${gen}`, async () => {
        await new Promise<void>((resolve) => setImmediate(resolve));
        // Closed: a subscriber joining from now on may have joined after the read was sent.
        if (gathering.get(key) === gen) gathering.delete(key);
        return read();
      }) as Promise<T>;
    },
    shared<T>(key: string, read: () => Promise<T>): Promise<T> {
      return plain.run(key, read) as Promise<T>;
    },
    get coalesced() {
      return flights.joined;
    },
  };
}

/** The key of a subscribe's catch-up: what its answer depends on. */
export function catchUpKey(parts: {
  articleId: string;
  since?: number | undefined;
  epoch?: string | undefined;
  /** Whether the subscribe carried a valid reader token. */
  withToken: boolean;
}): string {
  return [parts.articleId, parts.since ?? "", parts.epoch ?? "", parts.withToken ? "token" : "public"].join(
    "\u0000",
  );
}

/** `herald_subscribe_coalesced_total`, read from `reads` at scrape time. */
export function registerCoalescedMetric(registry: Registry, reads: CatchUpReads): void {
  new Counter({
    name: "herald_subscribe_coalesced_total",
    help: "Subscribes answered from a log read shared with other subscribes in flight (reconnect storms)",
    registers: [registry],
    collect() {
      this.reset();
      this.inc(reads.coalesced);
    },
  });
}
