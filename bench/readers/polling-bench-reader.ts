import { HeraldClient } from "../../client-sdk/index.js";
import type { Update } from "../../protocol/index.js";
import { nowMs } from "../clock.js";
import type { BenchReader } from "./bench-reader.js";
import type { PhaseCounters } from "./phase-counters.js";

/** What a reader process asks of any simulated reader, on a socket or polling. */
export type SimulatedReader = Pick<
  BenchReader,
  | "articleId"
  | "applied"
  | "phaseBase"
  | "base"
  | "subscribed"
  | "connected"
  | "lastConnectAt"
  | "lastAckAt"
  | "lastError"
  | "firstAnswer"
  | "missing"
  | "completeAt"
  | "close"
>;

/**
 * A reader that polls, on the real client SDK (`fallback: "always"`: no socket at all), so
 * the bench measures what a reader behind a WebSocket-blocking proxy gets and costs: the
 * SDK's own polling transport, cursor, ordering and deduplication. Every update the SDK
 * hands to `onUpdate` is counted; one it hands over twice is counted as a duplicate.
 */
export class PollingBenchReader implements SimulatedReader {
  applied = 0;
  phaseBase = 0;
  base = 0;
  subscribed = false;
  lastConnectAt = NaN;
  lastAckAt = NaN;
  lastError = "";
  readonly firstAnswer: Promise<boolean>;
  readonly #client: HeraldClient;
  #answered: (ok: boolean) => void = () => undefined;
  readonly #seen = new Set<number>();
  readonly #arrivals: Map<number, number> | null;

  constructor(
    url: string,
    readonly articleId: string,
    private readonly counters: PhaseCounters,
    options: { keepArrivals: boolean },
  ) {
    this.#arrivals = options.keepArrivals ? new Map() : null;
    this.firstAnswer = new Promise((resolve) => (this.#answered = resolve));
    this.#client = new HeraldClient({ url, fallback: "always" });
    this.#client.subscribe(articleId, {
      onEntries: (_entries, ctx) => {
        if (ctx.reason !== "reset") return;
        this.lastAckAt = this.lastConnectAt = nowMs();
        if (!this.subscribed) this.base = this.phaseBase = this.applied = ctx.seq;
        else this.counters.resets++;
        this.applied = Math.max(this.applied, ctx.seq);
        this.subscribed = true;
        this.#answered(true);
      },
      onUpdate: (update) => this.#applied(update),
      onError: (error) => {
        this.lastError = `${error.code}: ${error.message}`;
        if (!this.subscribed) this.#answered(false);
      },
    });
  }

  get connected(): boolean {
    return this.subscribed;
  }

  #applied(update: Update): void {
    const at = nowMs();
    this.lastAckAt = at;
    if (this.#seen.has(update.seq)) {
      this.counters.duplicates++;
      return;
    }
    this.#seen.add(update.seq);
    this.#arrivals?.set(update.seq, at);
    this.applied = update.seq;
    this.counters.applied(update, at, 0);
  }

  missing(from: number, to: number): number {
    let count = 0;
    for (let seq = from + 1; seq <= to; seq++) if (!this.#seen.has(seq)) count++;
    return count;
  }

  completeAt(to: number): number {
    let latest = 0;
    for (let seq = this.base + 1; seq <= to; seq++) {
      const at = this.#arrivals?.get(seq);
      if (at === undefined) return NaN;
      latest = Math.max(latest, at);
    }
    return latest;
  }

  close(): void {
    this.#client.close();
  }
}
